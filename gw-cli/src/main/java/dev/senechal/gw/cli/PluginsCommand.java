package dev.senechal.gw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.engine.ControlJson;
import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.InitStatus;
import dev.senechal.gw.engine.PluginHealth;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.QueueStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;

/**
 * {@code senechal-gw plugins}: every plugin found, whether it runs, its schedule, and how its
 * {@code init} went (from the store, so it works with the daemon stopped).
 */
@Command(name = "plugins", description = "List plugins: loaded, refused (with why), not enabled.")
final class PluginsCommand extends StoreCommand {

  @Override
  int run(GatewayConfig config, PrintWriter out) {
    PluginCatalog catalog = Gateway.check(config);
    Optional<QueueStore> store = StoreAccess.openExisting(config);
    try {
      List<PluginHealth> health =
          Gateway.pluginHealth(catalog, store.map(QueueStore::pluginInits).orElse(List.of()));
      ObjectNode root = ControlJson.plugins(config, catalog, health, store);
      JsonNode rows = root.get("plugins");
      if (json) {
        Output.json(out, root);
        return Main.OK;
      }
      if (rows.isEmpty()) {
        out.println("no plugins in " + config.pluginsDir());
        return Main.OK;
      }
      Instant now = clock.instant();
      Output.Table table =
          new Output.Table("NAME", "STATUS", "VERSION", "COMMANDS", "SCHEDULE", "NEXT RUN",
              "INIT", "REASON");
      for (var row : rows) {
        var schedule = row.path("schedule");
        String next = schedule.path("next_run").isTextual()
            ? Output.relative(Instant.parse(schedule.path("next_run").asText()), now) : "-";
        StringBuilder commands = new StringBuilder();
        row.path("commands").forEach(c -> commands.append(commands.length() > 0 ? "," : "")
            .append(c.asText()));
        table.row(
            row.path("name").asText(),
            row.path("status").asText().replace('_', ' '),
            row.path("version").asText("-"),
            commands.length() == 0 ? "-" : commands.toString(),
            schedule.isObject() ? "every " + schedule.path("every").asText() : "-",
            next,
            initCell(row.path("init")),
            Output.cell(row.path("reason").asText(""), 70));
      }
      table.print(out);
      return Main.OK;
    } finally {
      store.ifPresent(QueueStore::close);
    }
  }

  /** {@code ok}, {@code failed: exit 3 (unhealthy)}, {@code not declared}, {@code pending}. */
  private static String initCell(JsonNode init) {
    if (!init.isObject()) {
      return "-";
    }
    String status = init.path("status").asText();
    if (status.equals(InitStatus.FAILED.wireName())) {
      return Output.cell("failed (unhealthy): " + init.path("error").asText(), 60);
    }
    return status.replace('_', ' ');
  }
}
