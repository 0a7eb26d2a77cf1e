package dev.senechal.gw.cli;

import dev.senechal.gw.dispatch.DispatchSettings;
import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.dispatch.PluginInvoker;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.protocol.PluginProcessRunner;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.protocol.ResponseClassifier;
import dev.senechal.gw.queue.QueueStore;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs a plugin's {@code health} command now, directly (not through the queue, so it answers while
 * the daemon is busy or stopped), with its configured settings and current state, exactly as the
 * dispatcher would run it. Used by {@code plugin health} and {@code status --health}.
 */
final class HealthCheck {
  private HealthCheck() {}

  static PluginInvoker.Invocation invoke(GatewayConfig config, LoadedPlugin plugin) {
    String state = "{}";
    Optional<QueueStore> store = StoreAccess.openExisting(config);
    if (store.isPresent()) {
      try (QueueStore opened = store.get()) {
        state = opened.get(plugin.name());
      }
    }
    Clock clock = Clock.systemUTC();
    try (PluginProcessRunner runner = PluginProcessRunner.posix(clock)) {
      PluginInvoker invoker =
          new PluginInvoker(runner, new ProtocolCodec(), new ResponseClassifier(),
              DispatchSettings.defaults(System.getenv()), clock);
      return invoker.invoke(
          plugin,
          new PluginInvoker.Call("health-" + UUID.randomUUID(), "health", "{}", null, state,
              "{\"origin_source\":\"cli\"}"),
          identity -> {});
    }
  }
}
