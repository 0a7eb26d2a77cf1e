package dev.senechal.gw.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.protocol.PluginEvent;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobJson;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.SubmittedBy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code senechal-gw run PLUGIN}: enqueue one job into the store; the daemon picks it up within a
 * second. With {@code --wait}, waits for it to finish and exits 0 only if it succeeded.
 */
@Command(name = "run", description = "Enqueue a job for a plugin (the daemon runs it).")
final class RunCommand extends StoreCommand {
  @Parameters(paramLabel = "PLUGIN", description = "The plugin to run.")
  String plugin;

  @Option(names = "--command", paramLabel = "C", defaultValue = "poll",
      description = "The command (default ${DEFAULT-VALUE}).")
  String command;

  @Option(names = "--payload", paramLabel = "JSON|@FILE",
      description = "The job's payload: a JSON object, or @file to read it from a file.")
  String payload;

  @Option(names = "--context", paramLabel = "JSON|@FILE",
      description = "Context keys for the job (protocol 2); origin_source defaults to cli.")
  String context;

  @Option(names = "--event-type", paramLabel = "TYPE",
      description = "With --command handle: the event's type (default cli).")
  String eventType;

  @Option(names = "--wait", description = "Wait until the job settles; exit 1 unless it succeeded.")
  boolean await;

  @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10m",
      converter = DurationConverter.class,
      description = "How long --wait waits: 500ms, 30s, 10m, 2h (default ${DEFAULT-VALUE}).")
  Duration timeout;

  /** {@code 500ms}, {@code 30s}, {@code 10m}, {@code 2h}, as in the config file. */
  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      var m = java.util.regex.Pattern.compile("(\\d+)(ms|s|m|h)").matcher(value.trim());
      if (!m.matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a duration such as 500ms, 30s, 10m or 2h");
      }
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        default -> Duration.ofHours(n);
      };
    }
  }

  @Override
  int run(GatewayConfig config, PrintWriter out) throws Exception {
    if (eventType != null && !command.equals("handle")) {
      throw new UsageFailure(
          "--event-type applies to --command handle only, not to '" + command + "'");
    }
    if (eventType != null && eventType.isBlank()) {
      throw new UsageFailure("--event-type must name the event's type");
    }
    PluginCatalog catalog = Gateway.check(config);
    LoadedPlugin loaded =
        catalog.plugin(plugin).orElseThrow(() -> new CommandFailure(
            catalog.refusal(plugin)
                .map(r -> "plugin " + plugin + " was refused: " + r.reason())
                .orElse("no plugin " + plugin + " is loaded (loaded: "
                    + catalog.loaded().keySet() + ")")));
    if (!loaded.manifest().supports(command)) {
      throw new CommandFailure("plugin " + plugin + " has no command '" + command
          + "' (its manifest declares " + loaded.manifest().commands().keySet() + ")");
    }
    String payloadJson = object("--payload", payload, "{}");
    if (command.equals("handle")) {
      // A handle job's payload is an event envelope (docs/protocol.md), as webhooks build it.
      payloadJson =
          new ProtocolCodec()
              .encodeEvent(
                  new PluginEvent(
                      eventType == null ? "cli" : eventType.strip(),
                      payloadJson,
                      UUID.randomUUID().toString(),
                      "cli",
                      clock.instant(),
                      null));
    }
    ObjectNode contextNode = (ObjectNode) Output.JSON.readTree(object("--context", context, "{}"));
    if (!contextNode.has("origin_source")) {
      contextNode.put("origin_source", "cli");
    }
    int maxAttempts = config.plugins().get(plugin).retry().maxAttempts();
    NewJob job =
        NewJob.of(plugin, command, payloadJson, SubmittedBy.CLI)
            .withMaxAttempts(maxAttempts)
            .withContext(Output.JSON.writeValueAsString(contextNode));
    try (QueueStore store = StoreAccess.open(config)) {
      EnqueueResult result = store.enqueue(job);
      if (!await) {
        if (json) {
          ObjectNode root = Output.JSON.createObjectNode();
          root.put("job_id", result.jobId());
          Output.json(out, root);
        } else {
          out.println(result.jobId());
        }
        return Main.OK;
      }
      if (Gateway.runningPid(config).isEmpty()) {
        spec.commandLine().getErr().println(
            "senechal-gw: no daemon runs on " + config.state().path()
                + "; job " + result.jobId() + " is queued and waits for one");
      }
      Job settled = waitFor(store, result.jobId());
      if (json) {
        Output.json(out, JobJson.full(settled, store.attempts(settled.id()), List.of(), List.of()));
      } else {
        out.printf("%s %s%s%n", settled.id(), settled.status().wireName(),
            settled.lastError() == null ? "" : ": " + settled.lastError());
      }
      return settled.status() == JobStatus.SUCCEEDED ? Main.OK : Main.FAILURE;
    }
  }

  private Job waitFor(QueueStore store, String id) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Job job = store.find(id).orElseThrow(() -> new CommandFailure("job " + id + " vanished"));
      boolean settled = job.status() != JobStatus.QUEUED && job.status() != JobStatus.RUNNING;
      if (settled) {
        return job;
      }
      if (System.nanoTime() > deadline) {
        throw new CommandFailure("job " + id + " is still " + job.status().wireName()
            + " after " + timeout + "; it stays queued (see: senechal-gw job show " + id + ")");
      }
      Thread.sleep(100);
    }
  }

  /** A JSON object given inline or as @file; names the option and the problem when it is not. */
  static String object(String option, String value, String fallback) {
    if (value == null) {
      return fallback;
    }
    String text = value;
    if (value.startsWith("@")) {
      Path file = Path.of(value.substring(1));
      try {
        text = Files.readString(file);
      } catch (IOException e) {
        throw new CommandFailure(option + ": cannot read " + file + ": " + e.getMessage());
      }
    }
    JsonNode node;
    try {
      node = Output.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UsageFailure(option + " is not valid JSON: " + e.getOriginalMessage());
    }
    if (node == null || !node.isObject()) {
      throw new UsageFailure(option + " must be a JSON object, got: " + Output.cell(text, 40));
    }
    try {
      return Output.JSON.writer().without(
          com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
