package dev.senechal.gw.testkit;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.protocol.ManifestParser;
import dev.senechal.gw.protocol.PluginEnvironment;
import dev.senechal.gw.protocol.PluginEvent;
import dev.senechal.gw.protocol.PluginManifest;
import dev.senechal.gw.protocol.PluginProcessRunner;
import dev.senechal.gw.protocol.ProcessResult;
import dev.senechal.gw.protocol.ProcessSpec;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.protocol.ResponseClassifier;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs one plugin the way the daemon does, without a daemon: the request envelope of its protocol
 * on stdin, the minimal environment, the plugin directory as working directory, a process group of
 * its own, the stdout/stderr caps, the timeout with SIGTERM, grace and SIGKILL to the whole group,
 * and the daemon's classification of what came back. No store, no injector, no HTTP server.
 *
 * <pre>{@code
 * try (PluginHarness echo = PluginHarness.of(Path.of("plugins/echo"))) {
 *   PluginRun run = echo.state("{\"seen\":[]}").payload("{\"page\":1}").run("poll");
 *   run.assertSucceeded();
 *   assertThat(run.stateAfter()).contains("last_run");
 * }
 * }</pre>
 *
 * <p>Settings stay for later runs of the same harness; a run does not carry its state over (set
 * it from {@link PluginRun#stateAfter()} to chain runs). Not thread-safe.
 */
public final class PluginHarness implements AutoCloseable {
  private static final ObjectMapper JSON = ProtocolCodec.newMapper();
  /** The daemon's default command timeout (SPEC §3). */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private final Path directory;
  private final Path entrypoint;
  private final PluginManifest manifest;
  private final ProtocolCodec codec = new ProtocolCodec();
  private final ResponseClassifier classifier = new ResponseClassifier();
  private final PluginProcessRunner runner;
  private final Clock clock;

  private String config = "{}";
  private String state = "{}";
  private String payload = "{}";
  private PluginEvent event;
  private String context;
  private Duration timeout = DEFAULT_TIMEOUT;
  private Duration killGrace = Duration.ofSeconds(5);
  private final Map<String, String> env = new LinkedHashMap<>();

  private PluginHarness(Path directory, Path entrypoint, PluginManifest manifest, Clock clock) {
    this.directory = directory;
    this.entrypoint = entrypoint;
    this.manifest = manifest;
    this.clock = clock;
    this.runner = PluginProcessRunner.posix(clock);
  }

  /**
   * A harness for the plugin in {@code directory} ({@code manifest.yaml} and its entrypoint).
   *
   * @throws IllegalArgumentException naming the file and what is wrong with it, when the manifest
   *     is missing or invalid or the entrypoint is missing or not executable
   */
  public static PluginHarness of(Path directory) {
    requireNonNull(directory, "directory is null");
    Path dir = directory.toAbsolutePath().normalize();
    Path manifestFile = dir.resolve("manifest.yaml");
    if (!Files.isRegularFile(manifestFile)) {
      throw new IllegalArgumentException("no manifest.yaml in " + dir);
    }
    PluginManifest manifest;
    try {
      manifest = new ManifestParser().parse(manifestFile);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(manifestFile + ": " + e.getMessage(), e);
    }
    Path entrypoint = dir.resolve(manifest.entrypoint()).normalize();
    if (!Files.isRegularFile(entrypoint)) {
      throw new IllegalArgumentException(
          manifestFile + ": entrypoint '" + manifest.entrypoint() + "' does not exist");
    }
    if (!Files.isExecutable(entrypoint)) {
      throw new IllegalArgumentException(
          manifestFile + ": entrypoint '" + manifest.entrypoint() + "' is not executable"
              + " (chmod +x it)");
    }
    return new PluginHarness(dir, entrypoint, manifest, Clock.systemUTC());
  }

  public PluginManifest manifest() {
    return manifest;
  }

  public Path directory() {
    return directory;
  }

  /** The plugin's {@code config} block, a JSON object. */
  public PluginHarness config(String json) {
    this.config = object("config", json);
    return this;
  }

  /** The plugin's {@code config} block from a map (values become JSON). */
  public PluginHarness config(Map<String, ?> values) {
    this.config = JSON.valueToTree(requireNonNull(values, "values is null")).toString();
    return this;
  }

  /** The plugin's state before the run, a JSON object (default {@code {}}). */
  public PluginHarness state(String json) {
    this.state = object("state", json);
    return this;
  }

  /** The job payload for commands other than {@code handle}, a JSON object (default {@code {}}). */
  public PluginHarness payload(String json) {
    this.payload = object("payload", json);
    return this;
  }

  /** The event a {@code handle} run receives, as the router would send it from {@code source}. */
  public PluginHarness event(String type, String payloadJson) {
    return event(type, payloadJson, UUID.randomUUID().toString());
  }

  /**
   * The event a {@code handle} run receives, with a fixed {@code event_id}: to test that a plugin
   * handles a redelivered event (the same id twice) idempotently.
   */
  public PluginHarness event(String type, String payloadJson, String eventId) {
    requireNonNull(type, "type is null");
    requireNonNull(eventId, "eventId is null");
    this.event =
        new PluginEvent(type, object("event payload", payloadJson), eventId, "testkit",
            clock.instant(), null);
    return this;
  }

  /** The job's context (protocol 2), a JSON object. */
  public PluginHarness context(String json) {
    this.context = json == null ? null : object("context", json);
    return this;
  }

  /** The command timeout (default 60 s). */
  public PluginHarness timeout(Duration value) {
    requireNonNull(value, "timeout is null");
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + value);
    }
    this.timeout = value;
    return this;
  }

  /** The grace between SIGTERM and SIGKILL at the deadline (default 5 s, as in the daemon). */
  public PluginHarness killGrace(Duration value) {
    this.killGrace = requireNonNull(value, "killGrace is null");
    return this;
  }

  /** An environment variable for the plugin, as the config's {@code env} would set it. */
  public PluginHarness env(String name, String value) {
    env.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
    return this;
  }

  /**
   * Runs {@code command} once and returns what happened. A command the manifest does not declare
   * is refused, as the daemon would refuse the job.
   *
   * @throws IllegalArgumentException the manifest does not declare {@code command}, or {@code
   *     handle} is run without an {@link #event}
   */
  public PluginRun run(String command) {
    requireNonNull(command, "command is null");
    if (!manifest.supports(command)) {
      throw new IllegalArgumentException(
          "plugin " + manifest.name() + " does not declare command '" + command
              + "' (its manifest declares " + manifest.commands().keySet() + ")");
    }
    if (command.equals("handle") && event == null) {
      throw new IllegalArgumentException("run(\"handle\") needs an event: call event(type, payload)");
    }
    return execute(command, request(command));
  }

  /**
   * Runs {@code command} with a request that claims protocol {@code version} (a conformance
   * check: a plugin must refuse a protocol it does not speak with exit 78).
   */
  PluginRun runWithProtocol(int version, String command) {
    ObjectNode request;
    try {
      request = (ObjectNode) JSON.readTree(request(command));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    request.put("protocol", version);
    return execute(command, request.toString().getBytes(StandardCharsets.UTF_8));
  }

  private byte[] request(String command) {
    String jobId = UUID.randomUUID().toString();
    Instant deadline = clock.instant().plus(timeout);
    return codec.encodeRequest(
        codec.requestFor(
            manifest, jobId, command, config, state, payload, event, context, deadline));
  }

  private PluginRun execute(String command, byte[] request) {
    ProcessSpec spec =
        ProcessSpec.of(
                List.of(entrypoint.toString()),
                directory,
                PluginEnvironment.build(System.getenv(), List.of(), env),
                request,
                timeout)
            .withKillGrace(killGrace);
    ProcessResult result = runner.run(spec, identity -> {});
    return new PluginRun(
        manifest.name(), command, state, result, classifier.classify(result));
  }

  @Override
  public void close() {
    runner.close();
  }

  private static String object(String what, String json) {
    requireNonNull(json, what + " is null");
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(what + " must be a JSON object, got: " + json);
    }
    return json;
  }
}
