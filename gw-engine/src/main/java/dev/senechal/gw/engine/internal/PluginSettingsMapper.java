package dev.senechal.gw.engine.internal;

import dev.senechal.gw.dispatch.PluginSettings;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.engine.config.PluginConfig;
import dev.senechal.gw.engine.config.TimeoutsConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Maps the config file's plugin sections onto what the dispatcher needs. */
public final class PluginSettingsMapper {
  private PluginSettingsMapper() {}

  public static Map<String, PluginSettings> map(GatewayConfig config) {
    Map<String, PluginSettings> settings = new LinkedHashMap<>();
    for (PluginConfig plugin : config.plugins().values()) {
      TimeoutsConfig t = plugin.timeouts();
      Map<String, Duration> timeouts = new LinkedHashMap<>(t.other());
      timeouts.put("poll", t.poll());
      timeouts.put("handle", t.handle());
      timeouts.put("health", t.health());
      timeouts.put("init", t.init());
      settings.put(
          plugin.name(),
          new PluginSettings(
              plugin.name(),
              plugin.enabled(),
              plugin.config(),
              timeouts,
              t.handle(),
              plugin.env(),
              plugin.inheritEnv(),
              plugin.retry().maxAttempts(),
              plugin.retry().backoffBase()));
    }
    return settings;
  }
}
