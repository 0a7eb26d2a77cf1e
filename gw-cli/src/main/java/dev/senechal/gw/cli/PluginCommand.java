package dev.senechal.gw.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.dispatch.DispatchSettings;
import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.dispatch.PluginInvoker;
import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.protocol.InvocationOutcome;
import dev.senechal.gw.protocol.PluginProcessRunner;
import dev.senechal.gw.protocol.PluginResponse;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.protocol.ResponseClassifier;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.testkit.PluginConformance;
import dev.senechal.gw.testkit.PluginFixtures;
import dev.senechal.gw.testkit.PluginHarness;
import dev.senechal.gw.testkit.PluginRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code senechal-gw plugin …}: commands about one plugin. */
@Command(
    name = "plugin",
    description = "Work with one plugin.",
    subcommands = {PluginCommand.Health.class, PluginCommand.Check.class, PluginCommand.Test.class, PluginNewCommand.class})
final class PluginCommand extends GroupCommand {

  /**
   * Runs the plugin's {@code health} command now, directly (not through the queue, so it answers
   * even when the daemon is busy or stopped), with its configured settings and current state.
   */
  @Command(
      name = "health",
      description = "Run a plugin's health command now; exit 0 when it answers ok, 1 when not.")
  static final class Health extends StoreCommand {
    @Parameters(paramLabel = "NAME", description = "The plugin.")
    String name;

    @Override
    int run(GatewayConfig config, PrintWriter out) {
      PluginCatalog catalog = Gateway.check(config);
      LoadedPlugin plugin =
          catalog.plugin(name).orElseThrow(() -> new CommandFailure(
              catalog.refusal(name)
                  .map(r -> "plugin " + name + " was refused: " + r.reason())
                  .orElse("no plugin " + name + " is loaded (loaded: "
                      + catalog.loaded().keySet() + ")")));
      if (!plugin.manifest().supports("health")) {
        throw new CommandFailure("plugin " + name + " does not declare a health command (its"
            + " manifest declares " + plugin.manifest().commands().keySet() + ")");
      }
      PluginInvoker.Invocation invocation = HealthCheck.invoke(config, plugin);
      ProtocolCodec codec = new ProtocolCodec();
      InvocationOutcome outcome = invocation.outcome();
      PluginResponse response =
          outcome instanceof InvocationOutcome.Succeeded ok
              ? ok.response()
              : ((InvocationOutcome.Failed) outcome).response();
      String error =
          outcome instanceof InvocationOutcome.Failed failed ? failed.error() : null;
      String stderr = invocation.result().stderrText();
      if (json) {
        ObjectNode root = Output.JSON.createObjectNode();
        root.put("plugin", name);
        root.put("healthy", outcome.succeeded());
        root.put("error", error);
        root.put("result", response == null ? null : response.result());
        root.set("logs", Output.parsed(response == null ? null : codec.encodeLogs(response.logs())));
        root.put("stderr", stderr);
        root.put("duration_ms", invocation.result().elapsed().toMillis());
        Output.json(out, root);
      } else {
        out.printf("%s: %s (%s)%n", name, outcome.succeeded() ? "healthy" : "unhealthy: " + error,
            Output.span(invocation.result().elapsed()));
        if (response != null && response.result() != null) {
          out.println("  result: " + response.result());
        }
        if (response != null) {
          response.logs().forEach(l -> out.println("  log " + l.level() + ": " + l.message()));
        }
        if (!stderr.isBlank()) {
          out.println("  stderr:");
          stderr.lines().forEach(line -> out.println("    " + line));
        }
      }
      return outcome.succeeded() ? Main.OK : Main.FAILURE;
    }
  }

  /** Runs the conformance checks against a plugin directory; no config, no daemon. */
  @Command(
      name = "check",
      description = "Run the conformance checks against a plugin directory; exit 1 if one fails.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The plugin directory.")
    Path directory;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "10s",
        converter = RunCommand.DurationConverter.class,
        description = "Time each command check gets (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
      LogSetup.configure("text", "error");
      PluginConformance.Report report = PluginConformance.check(directory, timeout);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode root = Output.JSON.createObjectNode();
        root.put("plugin", report.plugin().toString());
        root.put("passed", report.passed());
        ArrayNode checks = root.putArray("checks");
        for (PluginConformance.Check check : report.checks()) {
          ObjectNode c = checks.addObject();
          c.put("name", check.name());
          c.put("passed", check.passed());
          c.put("message", check.message());
          c.put("stderr", check.stderr());
        }
        Output.json(out, root);
      } else {
        out.print(report.describe());
        out.println(report.passed() ? "conformant" : report.failures().size()
            + " check(s) failed");
      }
      return report.passed() ? Main.OK : Main.FAILURE;
    }
  }

  /**
   * Runs one command of a plugin directory as the daemon would, with request parts given on the
   * command line; prints the response, stderr and a verdict. No config, no daemon.
   */
  @Command(
      name = "test",
      description = "Run one command of a plugin directory and print what the daemon would see.")
  static final class Test implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "The plugin directory.")
    Path directory;

    @Option(names = "--command", paramLabel = "C", defaultValue = "poll",
        description = "The command (default ${DEFAULT-VALUE}).")
    String command;

    @Option(names = "--config", paramLabel = "KEY=VALUE",
        description = "A key of the plugin's config; repeat for more. Values that parse as JSON"
            + " are JSON, others strings.")
    Map<String, String> config = new LinkedHashMap<>();

    @Option(names = "--state", paramLabel = "JSON|@FILE", description = "The state before.")
    String state;

    @Option(names = "--payload", paramLabel = "JSON|@FILE", description = "The job payload.")
    String payload;

    @Option(names = "--event", paramLabel = "JSON|@FILE",
        description = "For handle: {\"type\": …, \"payload\": {…}}.")
    String event;

    @Option(names = "--context", paramLabel = "JSON|@FILE", description = "The context (protocol 2).")
    String context;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "60s",
        converter = RunCommand.DurationConverter.class,
        description = "The command timeout (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Option(names = "--fixtures",
        description = "Instead of one run, check every testdata/*.request.json against its"
            + " *.expected.json (docs/testkit.md); exit 1 if one does not match.")
    boolean fixtures;

    @Override
    public Integer call() throws Exception {
      LogSetup.configure("text", "error");
      if (fixtures) {
        return fixtures();
      }
      PluginRun run;
      try (PluginHarness harness = PluginHarness.of(directory)) {
        harness.timeout(timeout);
        ObjectNode configNode = Output.JSON.createObjectNode();
        config.forEach((k, v) -> configNode.set(k, jsonOrString(v)));
        harness.config(configNode.toString());
        if (state != null) {
          harness.state(RunCommand.object("--state", state, "{}"));
        }
        if (payload != null) {
          harness.payload(RunCommand.object("--payload", payload, "{}"));
        }
        if (context != null) {
          harness.context(RunCommand.object("--context", context, "{}"));
        }
        if (event != null) {
          var node = Output.JSON.readTree(RunCommand.object("--event", event, "{}"));
          if (!node.path("type").isTextual()) {
            throw new StoreCommand.UsageFailure("--event needs a \"type\" string");
          }
          harness.event(node.get("type").asText(),
              node.path("payload").isObject() ? node.get("payload").toString() : "{}");
        }
        run = harness.run(command);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("senechal-gw plugin test: " + e.getMessage());
        return Main.FAILURE;
      } catch (StoreCommand.UsageFailure e) {
        spec.commandLine().getErr().println("senechal-gw plugin test: " + e.getMessage());
        return Main.USAGE;
      }
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        ObjectNode root = Output.JSON.createObjectNode();
        root.put("succeeded", run.succeeded());
        root.put("error", run.error());
        if (run.exitCode() == null) {
          root.putNull("exit_code");
        } else {
          root.put("exit_code", run.exitCode());
        }
        root.set("response", run.response() == null ? null : Output.parsed(run.stdout()));
        root.set("state_after", Output.parsed(run.stateAfter()));
        root.put("stderr", run.stderr());
        root.put("duration_ms", run.duration().toMillis());
        Output.json(out, root);
      } else {
        out.println("response:");
        out.println(run.response() == null ? "  (none)" : indent(run.stdout().strip()));
        if (!run.stderr().isBlank()) {
          out.println("stderr:");
          out.println(indent(run.stderr().strip()));
        }
        out.printf("verdict: %s (exit %s, %s)%n",
            run.succeeded() ? "succeeded" : "failed: " + run.error(),
            run.exitCode() == null ? "signal " + run.signal() : run.exitCode(),
            Output.span(run.duration()));
      }
      return run.succeeded() ? Main.OK : Main.FAILURE;
    }

    private int fixtures() {
      PrintWriter out = spec.commandLine().getOut();
      List<Path> requests;
      try {
        requests = PluginFixtures.requestFiles(directory);
      } catch (IllegalArgumentException e) {
        spec.commandLine().getErr().println("senechal-gw plugin test: " + e.getMessage());
        return Main.FAILURE;
      }
      int failed = 0;
      ArrayNode results = Output.JSON.createArrayNode();
      for (Path request : requests) {
        String name = request.getFileName().toString().replace(".request.json", "");
        List<String> mismatches;
        try {
          mismatches = PluginFixtures.check(directory, request);
        } catch (IllegalArgumentException e) {
          mismatches = List.of(e.getMessage());
        }
        failed += mismatches.isEmpty() ? 0 : 1;
        if (json) {
          ObjectNode result = results.addObject();
          result.put("fixture", name);
          result.put("passed", mismatches.isEmpty());
          ArrayNode lines = result.putArray("mismatches");
          mismatches.forEach(lines::add);
        } else {
          out.println((mismatches.isEmpty() ? "PASS  " : "FAIL  ") + name);
          mismatches.forEach(m -> out.println("      " + m.strip()));
        }
      }
      if (json) {
        ObjectNode root = Output.JSON.createObjectNode();
        root.put("passed", failed == 0);
        root.set("fixtures", results);
        Output.json(out, root);
      } else {
        out.println(failed == 0 ? requests.size() + " fixture(s) pass"
            : failed + " of " + requests.size() + " fixture(s) fail");
      }
      return failed == 0 ? Main.OK : Main.FAILURE;
    }

    private static String indent(String text) {
      return text.lines().map(l -> "  " + l).collect(java.util.stream.Collectors.joining("\n"));
    }

    private static com.fasterxml.jackson.databind.JsonNode jsonOrString(String value) {
      try {
        return Output.JSON.readTree(value);
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        return com.fasterxml.jackson.databind.node.TextNode.valueOf(value);
      }
    }
  }
}
