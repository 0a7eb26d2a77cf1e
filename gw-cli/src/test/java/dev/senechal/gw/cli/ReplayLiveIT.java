package dev.senechal.gw.cli;

import static dev.senechal.gw.cli.DaemonProcess.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senechal.gw.cli.DaemonProcess.Finished;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job retry} and {@code job trace} black-box against the real jar while the real daemon runs
 * on the same store: the work they act on or show was done by that daemon.
 */
class ReplayLiveIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private String config() throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + DaemonProcess.REPO.resolve("testing/plugins") + "\n"
            + "plugins:\n"
            + "  ok: {}\n"
            + "  exit-code: {}\n"
            + "routes:\n"
            + "  - {from: ok, event_type: ping, to: ok}\n");
    return file.toString();
  }

  /**
   * Waits for the daemon's outcome line of job {@code id} (logged once its settle is durable), then
   * reads the job with {@code job show}, as an operator would.
   */
  private static JsonNode settled(DaemonProcess daemon, String config, String id)
      throws Exception {
    daemon.awaitLog(
        line -> id.equals(line.path("job_id").asText())
            && line.path("message").asText().matches(".* (succeeded|is [a-z_]+: .*)"),
        WAIT,
        "the outcome of job " + id);
    return cli(config, "job", "show", id, "--json").json();
  }

  @Test
  void aDeadJobRetriedWithAnEditedPayloadIsRunByTheRunningDaemon() throws Exception {
    String config = config();
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", config)) {
      daemon.awaitMessage("ready", WAIT);
      // Exit 78: a permanent failure, dead at once.
      Finished run = cli(config, "run", "exit-code", "--payload", "{\"code\":78}");
      assertThat(run.exitCode()).as(run.stderr()).isZero();
      String deadId = run.stdout().strip();
      JsonNode dead = settled(daemon, config, deadId);
      assertThat(dead.path("status").asText()).isEqualTo("dead");

      Finished retry =
          cli(config, "job", "retry", deadId, "--payload", "{\"code\":0,\"respond\":\"ok\"}",
              "--json");
      assertThat(retry.exitCode()).as(retry.stderr()).isZero();
      String retryId = retry.json().path("job_id").asText();

      JsonNode replayed = settled(daemon, config, retryId);
      assertThat(replayed.path("status").asText()).isEqualTo("succeeded");
      assertThat(replayed.path("retry_of").asText()).isEqualTo(deadId);
      assertThat(replayed.path("payload").path("respond").asText()).isEqualTo("ok");
      assertThat(replayed.path("attempts").get(0).path("result").asText())
          .isEqualTo("exit-code answered ok");
      JsonNode original = cli(config, "job", "show", deadId, "--json").json();
      assertThat(original.path("status").asText()).as("the original stays dead").isEqualTo("dead");
      assertThat(original.path("retried_as").get(0).asText()).isEqualTo(retryId);
    }
  }

  @Test
  void traceShowsAChainTheRunningDaemonProduced() throws Exception {
    String config = config();
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", config)) {
      daemon.awaitMessage("ready", WAIT);
      Finished run = cli(config, "run", "ok", "--payload", "{\"emit\":\"ping\"}");
      assertThat(run.exitCode()).as(run.stderr()).isZero();
      String rootId = run.stdout().strip();
      assertThat(settled(daemon, config, rootId).path("status").asText()).isEqualTo("succeeded");
      JsonNode children = cli(config, "job", "show", rootId, "--json").json().path("children");
      assertThat(children).hasSize(1);
      String childId = children.get(0).path("id").asText();
      assertThat(settled(daemon, config, childId).path("status").asText()).isEqualTo("succeeded");

      Finished text = cli(config, "job", "trace", childId);
      assertThat(text.exitCode()).as(text.stderr()).isZero();
      List<String> lines = text.stdout().lines().toList();
      assertThat(lines).hasSize(2);
      assertThat(lines.get(0)).startsWith(rootId.substring(0, 8) + "  ok poll  succeeded  ");
      assertThat(lines.get(1))
          .startsWith("└─ " + childId.substring(0, 8) + "  ok handle  succeeded  ")
          .endsWith("◀ " + childId);

      JsonNode tree = cli(config, "job", "trace", rootId, "--json").json();
      assertThat(tree.path("id").asText()).isEqualTo(rootId);
      assertThat(tree.path("requested").asBoolean()).isTrue();
      assertThat(tree.path("children")).hasSize(1);
      JsonNode child = tree.path("children").get(0);
      assertThat(child.path("id").asText()).isEqualTo(childId);
      assertThat(child.path("parent_job_id").asText()).isEqualTo(rootId);
      assertThat(child.path("status").asText()).isEqualTo("succeeded");
      assertThat(child.path("duration_ms").isIntegralNumber()).isTrue();
    }
  }
}
