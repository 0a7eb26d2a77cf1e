package dev.senechal.gw.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senechal.gw.queue.Job;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the HTTP side asks of the running engine beyond the queue: the engine implements it, so
 * the API's reload and reset run the same code paths as the CLI's (SPEC §8, §9). JSON answers are
 * in the shapes documented for the CLI's {@code --json} output (docs/cli.md).
 */
public interface GatewayControl {

  /** What {@code /healthz} answers. */
  Health health();

  /**
   * Why {@code plugin} cannot take {@code command} from a webhook or the API (not loaded, not
   * enabled, the manifest lacks the command), or empty when it can.
   */
  Optional<String> refuse(String plugin, String command);

  /** The attempt budget of a job of {@code plugin} (its {@code retry.max_attempts}). */
  int maxAttempts(String plugin);

  /** {@code senechal-gw plugins --json}. */
  JsonNode plugins();

  /**
   * Reloads the config file (validate, then swap), as SIGHUP does; the document of {@code POST
   * /api/reload} (docs/api.md).
   *
   * @return the outcome; {@link ControlResult#ok()} is false when the file was rejected
   */
  ControlResult reload();

  /**
   * Closes the breakers of {@code plugin} ({@code command} only, unless null); {@code
   * senechal-gw reset --json}.
   *
   * @return the outcome; not ok when the plugin is unknown
   */
  ControlResult reset(String plugin, String command);

  /** Completes when the job is settled for good; at once when it already is. */
  CompletableFuture<Job> await(String jobId);

  /** An answer and whether the operation did what was asked. */
  record ControlResult(boolean ok, JsonNode body) {}
}
