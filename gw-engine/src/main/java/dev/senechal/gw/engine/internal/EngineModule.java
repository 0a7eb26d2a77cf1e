package dev.senechal.gw.engine.internal;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.senechal.gw.dispatch.BreakerPolicies;
import dev.senechal.gw.dispatch.CircuitBreakers;
import dev.senechal.gw.dispatch.DispatchModule;
import dev.senechal.gw.dispatch.DispatchSettings;
import dev.senechal.gw.dispatch.PluginRegistry;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.protocol.ManifestParser;
import dev.senechal.gw.protocol.PluginProcessRunner;
import dev.senechal.gw.protocol.ProcessGroups;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.protocol.ResponseClassifier;
import dev.senechal.gw.queue.QueueModule;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.router.RouteTable;
import dev.senechal.gw.router.RouterModule;
import dev.senechal.gw.scheduler.PollGate;
import dev.senechal.gw.scheduler.ScheduleSource;
import dev.senechal.gw.scheduler.SchedulerModule;
import dev.senechal.gw.webhook.HttpSettingsSource;
import dev.senechal.gw.webhook.WebhookModule;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.ZoneId;
import java.util.random.RandomGenerator;

/**
 * Assembles the concern modules (SPEC §2). It decides what to install; each concern module stays
 * free of branches and I/O. Parts an embedder may swap (clock, randomness, zone, the process
 * runner, the store) are plain bindings here that {@code Modules.override} can replace.
 */
public final class EngineModule extends AbstractModule {
  private final GatewayConfig config;
  private final CurrentRuntime runtime;
  private final EngineSettings settings;

  public EngineModule(GatewayConfig config, CurrentRuntime runtime, EngineSettings settings) {
    this.config = requireNonNull(config, "config is null");
    this.runtime = requireNonNull(runtime, "runtime is null");
    this.settings = requireNonNull(settings, "settings is null");
  }

  @Override
  protected void configure() {
    install(new QueueModule(storeConfig(config)));
    install(new SchedulerModule());
    install(new RouterModule());
    install(new DispatchModule());
    install(new WebhookModule());

    bind(GatewayConfig.class).toInstance(config);
    bind(CurrentRuntime.class).toInstance(runtime);
    bind(PluginRegistry.class).toInstance(runtime);
    bind(RouteTable.class).toInstance(runtime);
    bind(HttpSettingsSource.class).toInstance(runtime);
    bind(Clock.class).toInstance(settings.clock());
    bind(RandomGenerator.class).toInstance(settings.random());
    bind(ZoneId.class).toInstance(settings.zone());
    bind(BreakerPolicies.class).toInstance(runtime::breakerPolicy);
    bind(DispatchSettings.class)
        .toInstance(
            new DispatchSettings(
                settings.environment(), settings.killGrace(), settings.idlePoll()));
    bind(ProtocolCodec.class).in(Singleton.class);
    bind(ManifestParser.class).in(Singleton.class);
    bind(ResponseClassifier.class).in(Singleton.class);
    bind(ProcessGroups.class).in(Singleton.class);
    bind(PluginInitializer.class).in(Singleton.class);
  }

  @Provides
  @Singleton
  ScheduleSource scheduleSource() {
    return new ScheduleSource() {
      @Override
      public java.util.List<dev.senechal.gw.scheduler.ScheduledPlugin> current() {
        return runtime.schedules();
      }

      @Override
      public dev.senechal.gw.scheduler.SchedulerSettings settings() {
        return runtime.schedulerSettings();
      }
    };
  }

  /** The scheduler's gate is the circuit breakers (SPEC §5); nothing else is gated. */
  @Provides
  @Singleton
  PollGate pollGate(CircuitBreakers breakers) {
    return breakers::allowsScheduledRun;
  }

  @Provides
  @Singleton
  PluginProcessRunner processRunner(Clock clock) {
    return PluginProcessRunner.posix(clock);
  }

  public static StoreConfig storeConfig(GatewayConfig config) {
    return new StoreConfig(
        config.state().path(),
        StoreConfig.Synchronous.valueOf(config.state().synchronous().name()),
        java.time.Duration.ofSeconds(5),
        config.service().dedupeTtl(),
        StoreConfig.DEFAULT_STATE_CAP);
  }
}
