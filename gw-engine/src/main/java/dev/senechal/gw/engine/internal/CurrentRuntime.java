package dev.senechal.gw.engine.internal;

import dev.senechal.gw.dispatch.BreakerPolicy;
import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.dispatch.PluginRegistry;
import dev.senechal.gw.engine.config.ApiConfig;
import dev.senechal.gw.engine.config.ApiTokenConfig;
import dev.senechal.gw.engine.config.CircuitBreakerConfig;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.engine.config.HostPort;
import dev.senechal.gw.engine.config.PluginConfig;
import dev.senechal.gw.engine.config.RouteConfig;
import dev.senechal.gw.engine.config.ScheduleConfig;
import dev.senechal.gw.engine.config.WebhookEndpointConfig;
import dev.senechal.gw.engine.config.WebhooksConfig;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.router.Route;
import dev.senechal.gw.router.RouteTable;
import dev.senechal.gw.scheduler.PreferredWindow;
import dev.senechal.gw.scheduler.ScheduleSpec;
import dev.senechal.gw.scheduler.ScheduledPlugin;
import dev.senechal.gw.scheduler.SchedulerSettings;
import dev.senechal.gw.webhook.ApiToken;
import dev.senechal.gw.webhook.HttpSettings;
import dev.senechal.gw.webhook.HttpSettingsSource;
import dev.senechal.gw.webhook.ListenAddress;
import dev.senechal.gw.webhook.SignatureScheme;
import dev.senechal.gw.webhook.WebhookEndpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The snapshot in force, read by the dispatcher (plugins), the router (routes) and the scheduler
 * (schedules). A reload replaces it in one step; a job already running keeps the snapshot it read.
 */
public final class CurrentRuntime implements PluginRegistry, RouteTable, HttpSettingsSource {
  private final AtomicReference<RuntimeSnapshot> current;

  public CurrentRuntime(RuntimeSnapshot initial) {
    this.current = new AtomicReference<>(initial);
  }

  public RuntimeSnapshot snapshot() {
    return current.get();
  }

  public void replace(RuntimeSnapshot snapshot) {
    current.set(snapshot);
  }

  @Override
  public PluginCatalog current() {
    return current.get().catalog();
  }

  @Override
  public List<Route> routes() {
    List<Route> routes = new ArrayList<>();
    for (RouteConfig r : current.get().config().routes()) {
      routes.add(new Route(r.from(), r.eventType(), r.to(), r.command()));
    }
    return routes;
  }

  @Override
  public int maxAttempts(String plugin) {
    PluginConfig config = current.get().config().plugins().get(plugin);
    return config == null ? NewJob.DEFAULT_MAX_ATTEMPTS : config.retry().maxAttempts();
  }

  /** The schedules of loaded plugins under the current config. */
  public List<ScheduledPlugin> schedules() {
    RuntimeSnapshot snapshot = current.get();
    List<ScheduledPlugin> schedules = new ArrayList<>();
    for (PluginConfig plugin : snapshot.config().plugins().values()) {
      ScheduleConfig schedule = plugin.schedule();
      if (schedule == null || snapshot.catalog().plugin(plugin.name()).isEmpty()) {
        continue;
      }
      PreferredWindow window =
          schedule.preferredWindow() == null
              ? null
              : new PreferredWindow(
                  schedule.preferredWindow().start(), schedule.preferredWindow().end());
      schedules.add(
          new ScheduledPlugin(
              plugin.name(),
              "default",
              schedule.command(),
              new ScheduleSpec(schedule.every(), schedule.jitter(), window),
              schedule.payload(),
              plugin.retry().maxAttempts(),
              plugin.maxOutstandingPolls()));
    }
    return schedules;
  }

  /** The {@code circuit_breaker} of the plugin under the current config (default when absent). */
  public BreakerPolicy breakerPolicy(String plugin) {
    PluginConfig config = current.get().config().plugins().get(plugin);
    if (config == null) {
      return BreakerPolicy.DEFAULT;
    }
    CircuitBreakerConfig breaker = config.circuitBreaker();
    return new BreakerPolicy(breaker.threshold(), breaker.resetAfter());
  }

  public SchedulerSettings schedulerSettings() {
    GatewayConfig config = current.get().config();
    return new SchedulerSettings(
        config.service().tickInterval(), config.service().jobLogRetention());
  }

  /** The webhook endpoints and API tokens of the current config (SPEC §8). */
  @Override
  public HttpSettings httpSettings() {
    return http(current.get().config());
  }

  /** Maps the {@code webhooks} and {@code api} sections to what the HTTP side serves. */
  public static HttpSettings http(GatewayConfig config) {
    ListenAddress hooksAt = null;
    List<WebhookEndpoint> endpoints = new ArrayList<>();
    WebhooksConfig hooks = config.webhooksSection().orElse(null);
    if (hooks != null) {
      hooksAt = address(hooks.listen());
      for (WebhookEndpointConfig e : hooks.endpoints()) {
        endpoints.add(
            WebhookEndpoint.of(
                e.path(),
                e.plugin(),
                e.command(),
                e.secret().reveal(),
                SignatureScheme.valueOf(e.scheme().name()),
                e.signatureHeader(),
                e.maxBodySize()));
      }
    }
    ListenAddress apiAt = null;
    List<ApiToken> tokens = new ArrayList<>();
    ApiConfig api = config.apiSection().orElse(null);
    if (api != null) {
      apiAt = address(api.listen());
      for (ApiTokenConfig t : api.tokens()) {
        tokens.add(ApiToken.of(t.name(), t.key().reveal(), t.scopes()));
      }
    }
    return new HttpSettings(hooksAt, endpoints, apiAt, tokens);
  }

  private static ListenAddress address(HostPort hostPort) {
    return new ListenAddress(hostPort.host(), hostPort.port());
  }
}
