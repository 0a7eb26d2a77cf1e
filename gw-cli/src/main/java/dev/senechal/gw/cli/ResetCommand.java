package dev.senechal.gw.cli;

import dev.senechal.gw.engine.ControlJson;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.BreakerState;
import dev.senechal.gw.queue.QueueStore;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code senechal-gw reset PLUGIN [--command C]}: closes the plugin's circuit breakers (SPEC §6) by
 * writing the store, whether or not the daemon runs; a running daemon reads the breaker from the
 * store on every scheduled run, so its next tick schedules the plugin again. Exit 1 for a plugin
 * neither configured nor known to the store.
 */
@Command(name = "reset", description = "Close a plugin's circuit breakers (all commands, or one).")
final class ResetCommand extends StoreCommand {
  @Parameters(paramLabel = "PLUGIN", description = "The plugin whose breakers to close.")
  String plugin;

  @Option(names = "--command", paramLabel = "C",
      description = "Close only the breaker of this command (default: every command).")
  String command;

  @Override
  int run(GatewayConfig config, PrintWriter out) {
    if (command != null && command.isBlank()) {
      throw new UsageFailure("--command must name a command");
    }
    List<BreakerState> reset = List.of();
    boolean known = config.plugins().containsKey(plugin);
    Optional<QueueStore> opened = StoreAccess.openExisting(config);
    if (opened.isPresent()) {
      try (QueueStore store = opened.get()) {
        known = known || store.breakers().stream().anyMatch(b -> b.plugin().equals(plugin));
        if (known) {
          reset = store.resetBreakers(plugin, command);
        }
      }
    }
    if (!known) {
      throw new CommandFailure("no plugin " + plugin + " in the config (configured: "
          + config.plugins().keySet() + ") and no circuit breaker of it in the store");
    }
    if (json) {
      Output.json(out, ControlJson.reset(plugin, command, reset));
      return Main.OK;
    }
    String which = plugin + (command == null ? "" : " " + command);
    if (reset.isEmpty()) {
      out.println("nothing to reset: every circuit breaker of " + which + " is closed");
      return Main.OK;
    }
    for (BreakerState breaker : reset) {
      out.println("closed the circuit breaker of " + breaker.plugin() + " " + breaker.command()
          + " (was " + breaker.state().wireName() + ", " + breaker.consecutiveFailures()
          + " consecutive failure(s)" + (breaker.lastError() == null ? ""
              : ", last error: " + Output.cell(breaker.lastError(), 120)) + ")");
    }
    return Main.OK;
  }
}
