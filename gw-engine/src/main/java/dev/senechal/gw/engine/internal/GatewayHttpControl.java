package dev.senechal.gw.engine.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.dispatch.RefusedPlugin;
import dev.senechal.gw.engine.ControlJson;
import dev.senechal.gw.engine.Gateway;
import dev.senechal.gw.engine.ReloadResult;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.ScheduleStore;
import dev.senechal.gw.webhook.GatewayControl;
import dev.senechal.gw.webhook.Health;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * What the HTTP side may ask of a started {@link Gateway}: health, trigger checks, plugins,
 * reload, reset and job waits, through the same methods the CLI and embedders call.
 */
public final class GatewayHttpControl implements GatewayControl {
  private final Gateway gateway;
  private final CurrentRuntime runtime;
  private final ScheduleStore schedules;
  private final Clock clock;
  private final Instant startedAt;

  public GatewayHttpControl(
      Gateway gateway, CurrentRuntime runtime, ScheduleStore schedules, Clock clock) {
    this.gateway = requireNonNull(gateway, "gateway is null");
    this.runtime = requireNonNull(runtime, "runtime is null");
    this.schedules = requireNonNull(schedules, "schedules is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.startedAt = clock.instant();
  }

  /**
   * {@code ok}, or {@code degraded} when a plugin's circuit breaker is not closed or its init
   * failed. Always answered with 200: the daemon is up and taking work either way.
   */
  @Override
  public Health health() {
    int open = gateway.pluginsCircuitOpen();
    boolean initFailed = gateway.pluginHealth().stream().anyMatch(h -> !h.healthy());
    long uptime = Math.max(0, Duration.between(startedAt, clock.instant()).toSeconds());
    return new Health(
        open > 0 || initFailed ? "degraded" : "ok",
        uptime,
        gateway.jobs().depth(),
        gateway.plugins().loaded().size(),
        open);
  }

  @Override
  public Optional<String> refuse(String plugin, String command) {
    PluginCatalog catalog = gateway.plugins();
    Optional<LoadedPlugin> loaded = catalog.plugin(plugin);
    if (loaded.isEmpty()) {
      Optional<String> refusal = catalog.refusal(plugin).map(RefusedPlugin::reason);
      if (refusal.isPresent()) {
        return Optional.of("plugin " + plugin + " is refused: " + refusal.get());
      }
      if (catalog.notEnabled().contains(plugin)) {
        return Optional.of("plugin " + plugin + " is not enabled");
      }
      return Optional.of("no plugin " + plugin);
    }
    if (!loaded.get().manifest().supports(command)) {
      return Optional.of(
          "plugin " + plugin + " does not declare command " + command + " (it has "
              + String.join(", ", loaded.get().manifest().commands().keySet()) + ")");
    }
    return Optional.empty();
  }

  @Override
  public int maxAttempts(String plugin) {
    return runtime.maxAttempts(plugin);
  }

  @Override
  public JsonNode plugins() {
    return ControlJson.plugins(
        gateway.config(), gateway.plugins(), gateway.pluginHealth(), Optional.of(schedules));
  }

  /** {@link Gateway#reload()}, as SIGHUP and {@code senechal-gw reload} do. */
  @Override
  public ControlResult reload() {
    ReloadResult result = gateway.reload();
    return new ControlResult(result.applied(), ControlJson.reload(result));
  }

  /**
   * Closes breakers through {@link Gateway#breakers()}, as {@code senechal-gw reset} does; a
   * plugin neither configured nor known to a breaker is refused, as there.
   */
  @Override
  public ControlResult reset(String plugin, String command) {
    requireNonNull(plugin, "plugin is null");
    boolean known =
        gateway.config().plugins().containsKey(plugin)
            || gateway.breakers().breakers().stream().anyMatch(b -> b.plugin().equals(plugin));
    if (!known) {
      return new ControlResult(
          false,
          JsonNodeFactory.instance
              .objectNode()
              .put("error", "no plugin " + plugin + " in the config (configured: "
                  + gateway.config().plugins().keySet() + ") and no circuit breaker of it")
              .put("code", "plugin_not_found"));
    }
    return new ControlResult(
        true, ControlJson.reset(plugin, command, gateway.breakers().reset(plugin, command)));
  }

  @Override
  public CompletableFuture<Job> await(String jobId) {
    return gateway.await(jobId);
  }
}
