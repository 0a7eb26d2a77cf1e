package dev.senechal.gw.cli;

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
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code senechal-gw plugin …}: commands about one plugin. */
@Command(
    name = "plugin",
    description = "Work with one plugin.",
    subcommands = {PluginCommand.Health.class})
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
      String state = "{}";
      Optional<QueueStore> store = StoreAccess.openExisting(config);
      if (store.isPresent()) {
        try (QueueStore opened = store.get()) {
          state = opened.get(name);
        }
      }
      Clock clock = Clock.systemUTC();
      PluginInvoker.Invocation invocation;
      ProtocolCodec codec = new ProtocolCodec();
      try (PluginProcessRunner runner = PluginProcessRunner.posix(clock)) {
        PluginInvoker invoker =
            new PluginInvoker(runner, codec, new ResponseClassifier(),
                DispatchSettings.defaults(System.getenv()), clock);
        invocation =
            invoker.invoke(
                plugin,
                new PluginInvoker.Call("health-" + UUID.randomUUID(), "health", "{}", null, state,
                    "{\"origin_source\":\"cli\"}"),
                identity -> {});
      }
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
}
