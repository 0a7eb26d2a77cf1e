package dev.senechal.gw.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.senechal.gw.dispatch.CircuitBreakers;
import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.dispatch.PluginInvoker;
import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.PluginHealth;
import dev.senechal.gw.engine.config.CircuitBreakerConfig;
import dev.senechal.gw.engine.config.ConfigException;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.engine.config.PluginConfig;
import dev.senechal.gw.protocol.InvocationOutcome;
import dev.senechal.gw.queue.BreakerState;
import dev.senechal.gw.queue.CircuitState;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.PluginInitRecord;
import dev.senechal.gw.queue.QueueStore;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code senechal-gw status}: is the daemon up, how much work waits, how the plugins are. */
@Command(name = "status", description = "Daemon, queue and plugin summary.")
final class StatusCommand extends StoreCommand {
  @Option(names = "--health",
      description = "Also run the health command of every loaded plugin that declares one, now.")
  boolean health;

  @Override
  int run(GatewayConfig config, PrintWriter out) {
    OptionalLong pid = Gateway.runningPid(config);
    PluginCatalog catalog = null;
    String configProblem = null;
    try {
      catalog = Gateway.check(config);
    } catch (ConfigException e) {
      configProblem = e.problems().size() + " plugin problem(s): " + e.problems().get(0);
    }
    Map<String, PluginInvoker.Invocation> checks = new LinkedHashMap<>();
    if (health && catalog != null) {
      for (LoadedPlugin plugin : catalog.loaded().values()) {
        if (plugin.manifest().supports("health")) {
          checks.put(plugin.name(), HealthCheck.invoke(config, plugin));
        }
      }
    }
    Map<JobStatus, Integer> counts = new EnumMap<>(JobStatus.class);
    long dedupeHits = 0;
    List<BreakerState> breakers = List.of();
    List<PluginInitRecord> inits = List.of();
    Optional<QueueStore> opened = StoreAccess.openExisting(config);
    if (opened.isPresent()) {
      try (QueueStore store = opened.get()) {
        counts.putAll(store.countByStatus());
        dedupeHits = store.dedupeHits();
        breakers = store.breakers();
        inits = store.pluginInits();
      }
    }
    List<PluginHealth> unhealthy =
        catalog == null
            ? List.of()
            : Gateway.pluginHealth(catalog, inits).stream().filter(h -> !h.healthy()).toList();
    int circuitOpen = CircuitBreakers.openPlugins(breakers);
    if (json) {
      ObjectNode root = Output.JSON.createObjectNode();
      ObjectNode daemon = root.putObject("daemon");
      daemon.put("running", pid.isPresent());
      if (pid.isPresent()) {
        daemon.put("pid", pid.getAsLong());
      } else {
        daemon.putNull("pid");
      }
      root.put("config", config.file().toString());
      root.put("store", config.state().path().toString());
      root.put("store_exists", opened.isPresent());
      ObjectNode jobs = root.putObject("jobs");
      for (JobStatus status : JobStatus.values()) {
        jobs.put(status.wireName(), counts.getOrDefault(status, 0));
      }
      root.put("dedupe_hits", dedupeHits);
      ObjectNode plugins = root.putObject("plugins");
      plugins.put("loaded", catalog == null ? 0 : catalog.loaded().size());
      plugins.put("refused", catalog == null ? 0 : catalog.refused().size());
      plugins.put("not_enabled", catalog == null ? 0 : catalog.notEnabled().size());
      root.put("config_problem", configProblem);
      root.put("plugins_circuit_open", circuitOpen);
      root.put("plugins_unhealthy", unhealthy.size());
      ArrayNode unhealthyNodes = root.putArray("unhealthy_plugins");
      for (PluginHealth health : unhealthy) {
        ObjectNode node = unhealthyNodes.addObject();
        node.put("plugin", health.plugin());
        node.put("init", health.init().wireName());
        node.set("at", Output.instant(health.at()));
        node.put("error", health.error());
      }
      ArrayNode breakerNodes = root.putArray("breakers");
      for (BreakerState breaker : breakers) {
        ObjectNode node = breakerNodes.addObject();
        node.put("plugin", breaker.plugin());
        node.put("command", breaker.command());
        node.put("state", breaker.state().wireName());
        node.put("consecutive_failures", breaker.consecutiveFailures());
        node.set("opened_at", Output.instant(breaker.openedAt()));
        node.set("probe_at", Output.instant(probeAt(config, breaker).orElse(null)));
        node.set("last_failure_at", Output.instant(breaker.lastFailureAt()));
        node.put("last_error", breaker.lastError());
      }
      if (health) {
        ArrayNode results = root.putArray("health");
        checks.forEach((name, invocation) -> {
          ObjectNode result = results.addObject();
          result.put("plugin", name);
          result.put("healthy", invocation.outcome().succeeded());
          result.put("error", error(invocation));
          result.put("duration_ms", invocation.result().elapsed().toMillis());
        });
      }
      Output.json(out, root);
      return healthExit(checks);
    }
    Output.Table table = new Output.Table("daemon",
        pid.isPresent() ? "running (pid " + pid.getAsLong() + ")" : "stopped");
    table.row("config", config.file().toString());
    table.row("store", config.state().path() + (opened.isPresent() ? "" : " (not created yet)"));
    StringBuilder jobs = new StringBuilder();
    for (JobStatus status : JobStatus.values()) {
      jobs.append(jobs.length() > 0 ? ", " : "")
          .append(counts.getOrDefault(status, 0)).append(' ').append(status.wireName());
    }
    table.row("jobs", jobs.toString());
    table.row("dedupe hits", Long.toString(dedupeHits));
    table.row("plugins", catalog == null ? configProblem
        : catalog.loaded().size() + " loaded, " + catalog.refused().size() + " refused, "
            + catalog.notEnabled().size() + " not enabled");
    table.row("unhealthy", unhealthy.isEmpty() ? "none"
        : unhealthy.size() + " plugin(s) whose init failed (their jobs still run)");
    Instant now = clock.instant();
    for (PluginHealth health : unhealthy) {
      table.row("  " + health.plugin(), "init failed " + Output.relative(health.at(), now)
          + ": " + Output.cell(health.error(), 80));
    }
    table.row("circuit breakers", circuitOpen == 0 ? "none open"
        : circuitOpen + " plugin(s) with a breaker open");
    for (BreakerState breaker : breakers) {
      if (breaker.state() == CircuitState.CLOSED) {
        continue;
      }
      table.row("  " + breaker.plugin() + " " + breaker.command(),
          breaker.state().wireName().replace('_', '-') + " since "
              + Output.relative(breaker.state() == CircuitState.OPEN
                  ? breaker.openedAt() : breaker.halfOpenedAt(), now)
              + ", " + breaker.consecutiveFailures() + " failures, next probe "
              + Output.relative(probeAt(config, breaker).orElse(null), now)
              + "; last error: " + Output.cell(breaker.lastError(), 80));
    }
    table.print(out);
    if (health) {
      out.println();
      if (checks.isEmpty()) {
        out.println("no loaded plugin declares a health command");
      } else {
        Output.Table results = new Output.Table("PLUGIN", "HEALTH", "TOOK", "ERROR");
        checks.forEach((name, invocation) -> results.row(
            name,
            invocation.outcome().succeeded() ? "healthy" : "unhealthy",
            Output.span(invocation.result().elapsed()),
            Output.cell(error(invocation), 80)));
        results.print(out);
      }
    }
    return healthExit(checks);
  }

  /** When the breaker lets its next probe through, under the plugin's {@code reset_after}. */
  static Optional<Instant> probeAt(GatewayConfig config, BreakerState breaker) {
    PluginConfig plugin = config.plugins().get(breaker.plugin());
    CircuitBreakerConfig policy =
        plugin == null ? CircuitBreakerConfig.DEFAULT : plugin.circuitBreaker();
    return breaker.probeAt(policy.resetAfter());
  }

  private static String error(PluginInvoker.Invocation invocation) {
    return invocation.outcome() instanceof InvocationOutcome.Failed failed ? failed.error() : null;
  }

  /** With --health, exit 1 when a plugin answered unhealthy; status alone always exits 0. */
  private static int healthExit(Map<String, PluginInvoker.Invocation> checks) {
    boolean allHealthy = checks.values().stream().allMatch(i -> i.outcome().succeeded());
    return allHealthy ? Main.OK : Main.FAILURE;
  }
}
