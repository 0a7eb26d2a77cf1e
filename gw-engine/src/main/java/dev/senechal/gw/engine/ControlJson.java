package dev.senechal.gw.engine;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.dispatch.RefusedPlugin;
import dev.senechal.gw.engine.config.ConfigProblem;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.engine.config.PluginConfig;
import dev.senechal.gw.queue.BreakerState;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobJson;
import dev.senechal.gw.queue.ScheduleEntry;
import dev.senechal.gw.queue.ScheduleStore;
import dev.senechal.gw.scheduler.ScheduledPlugin;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The documented JSON shapes of the engine's control answers, the one source for the CLI's {@code
 * --json} output (docs/cli.md) and the HTTP API (docs/api.md): {@code plugins}, {@code reset} and
 * {@code reload}. Keys are only ever added, never renamed or removed.
 */
public final class ControlJson {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ControlJson() {}

  /**
   * {@code senechal-gw plugins --json}, {@code GET /api/plugins}: every plugin found, loaded ones
   * with their schedule and init outcome, then refused ones with the reason, then those not
   * enabled.
   *
   * @param health what {@link Gateway#pluginHealth} returns for {@code catalog}
   * @param schedules the store's schedule timings, empty when there is no store
   */
  public static ObjectNode plugins(
      GatewayConfig config,
      PluginCatalog catalog,
      List<PluginHealth> health,
      Optional<? extends ScheduleStore> schedules) {
    requireNonNull(config, "config is null");
    requireNonNull(catalog, "catalog is null");
    Map<String, PluginHealth> byPlugin = new LinkedHashMap<>();
    health.forEach(h -> byPlugin.put(h.plugin(), h));
    ObjectNode root = NODES.objectNode();
    ArrayNode rows = root.putArray("plugins");
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
            schedules.flatMap(s -> s.find(plugin.name(), ScheduledPlugin.DEFAULT_SCHEDULE));
        schedule.set("last_run", JobJson.instant(timing.map(ScheduleEntry::lastRun).orElse(null)));
        schedule.set("next_run", JobJson.instant(timing.map(ScheduleEntry::nextRun).orElse(null)));
      } else {
        row.putNull("schedule");
      }
      row.putNull("reason");
      PluginHealth pluginHealth = byPlugin.get(plugin.name());
      if (pluginHealth != null) {
        row.put("healthy", pluginHealth.healthy());
        ObjectNode init = row.putObject("init");
        init.put("status", pluginHealth.init().wireName());
        init.set("at", JobJson.instant(pluginHealth.at()));
        init.put("error", pluginHealth.error());
      }
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
    return root;
  }

  /**
   * {@code senechal-gw reset PLUGIN [--command C] --json}, {@code POST /api/plugins/{name}/reset}.
   *
   * @param command the one command reset, or {@code null} for all
   * @param reset the breakers as they were before the reset, those that had anything to reset
   */
  public static ObjectNode reset(String plugin, String command, List<BreakerState> reset) {
    ObjectNode root = NODES.objectNode();
    root.put("plugin", plugin);
    root.put("command", command);
    ArrayNode closed = root.putArray("reset");
    for (BreakerState breaker : reset) {
      ObjectNode node = closed.addObject();
      node.put("command", breaker.command());
      node.put("was", breaker.state().wireName());
      node.put("consecutive_failures", breaker.consecutiveFailures());
      node.put("last_error", breaker.lastError());
    }
    return root;
  }

  /**
   * {@code POST /api/reload}: {@code applied}, {@code summary}, {@code problems} (each {@code
   * file}, {@code line}, {@code key}, {@code message}; empty when applied), and what changed:
   * {@code added}, {@code removed}, {@code changed} plugins, {@code routes} and {@code schedules}
   * in force, the ids of the queued jobs {@code dead_lettered}, and the keys whose change waits
   * for a restart ({@code restart_required}).
   */
  public static ObjectNode reload(ReloadResult result) {
    requireNonNull(result, "result is null");
    ObjectNode root = NODES.objectNode();
    root.put("applied", result.applied());
    root.put("summary", result.summary());
    ArrayNode problems = root.putArray("problems");
    for (ConfigProblem problem : result.problems()) {
      ObjectNode node = problems.addObject();
      node.put("file", problem.file() == null ? null : problem.file().toString());
      if (problem.line() > 0) {
        node.put("line", problem.line());
      } else {
        node.putNull("line");
      }
      node.put("key", problem.keyPath());
      node.put("message", problem.message());
      node.put("text", problem.toString());
    }
    strings(root.putArray("added"), result.added());
    strings(root.putArray("removed"), result.removed());
    strings(root.putArray("changed"), result.changed());
    root.put("routes", result.routes());
    root.put("schedules", result.schedules());
    ArrayNode dead = root.putArray("dead_lettered");
    result.deadLettered().stream().map(Job::id).forEach(dead::add);
    strings(root.putArray("restart_required"), result.restartRequired());
    return root;
  }

  private static void strings(ArrayNode into, List<String> values) {
    values.forEach(into::add);
  }
}
