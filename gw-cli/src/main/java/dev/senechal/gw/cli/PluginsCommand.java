package dev.senechal.gw.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.dispatch.RefusedPlugin;
import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.InitStatus;
import dev.senechal.gw.engine.PluginHealth;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.engine.config.PluginConfig;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.ScheduleEntry;
import dev.senechal.gw.scheduler.ScheduledPlugin;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
      Map<String, PluginHealth> health = new LinkedHashMap<>();
      Gateway.pluginHealth(catalog, store.map(QueueStore::pluginInits).orElse(List.of()))
          .forEach(h -> health.put(h.plugin(), h));
      ArrayNode rows = Output.JSON.createArrayNode();
      for (LoadedPlugin plugin : catalog.loaded().values()) {
        ObjectNode row = rows.addObject();
        row.put("name", plugin.name());
        row.put("status", "loaded");
        row.put("version", plugin.manifest().version());
        row.put("protocol", plugin.manifest().protocol());
        ArrayNode commands = row.putArray("commands");
        plugin.manifest().commands().keySet().forEach(commands::add);
        row.put("directory", plugin.directory().toString());
        PluginConfig configured = config.plugins().get(plugin.name());
        if (configured != null && configured.schedule() != null) {
          ObjectNode schedule = row.putObject("schedule");
          schedule.put("every", configured.schedule().every().toString());
          schedule.put("command", configured.schedule().command());
          Optional<ScheduleEntry> timing =
              store.flatMap(s -> s.find(plugin.name(), ScheduledPlugin.DEFAULT_SCHEDULE));
          schedule.set("last_run", Output.instant(timing.map(ScheduleEntry::lastRun).orElse(null)));
          schedule.set("next_run", Output.instant(timing.map(ScheduleEntry::nextRun).orElse(null)));
        } else {
          row.putNull("schedule");
        }
        row.putNull("reason");
        PluginHealth pluginHealth = health.get(plugin.name());
        row.put("healthy", pluginHealth.healthy());
        ObjectNode init = row.putObject("init");
        init.put("status", pluginHealth.init().wireName());
        init.set("at", Output.instant(pluginHealth.at()));
        init.put("error", pluginHealth.error());
      }
      for (RefusedPlugin refused : catalog.refused()) {
        ObjectNode row = rows.addObject();
        row.put("name", refused.name());
        row.put("status", "refused");
        row.put("directory", refused.directory().toString());
        row.put("reason", refused.reason());
      }
      for (String name : catalog.notEnabled()) {
        ObjectNode row = rows.addObject();
        row.put("name", name);
        row.put("status", "not_enabled");
      }
      if (json) {
        ObjectNode root = Output.JSON.createObjectNode();
        root.set("plugins", rows);
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
