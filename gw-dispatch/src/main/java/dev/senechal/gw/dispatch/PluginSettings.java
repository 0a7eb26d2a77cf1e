package dev.senechal.gw.dispatch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the dispatcher needs to know of one configured plugin: its config (JSON object text),
 * timeouts per command, environment additions and retry budget.
 *
 * @param timeouts per command; a command without an entry gets {@code defaultTimeout}
 */
public record PluginSettings(
    String name,
    boolean enabled,
    String config,
    Map<String, Duration> timeouts,
    Duration defaultTimeout,
    Map<String, String> env,
    List<String> inheritEnv,
    int maxAttempts,
    Duration backoffBase) {

  public PluginSettings {
    requireNonNull(name, "name is null");
    requireNonNull(config, "config is null");
    requireNonNull(defaultTimeout, "defaultTimeout is null");
    requireNonNull(backoffBase, "backoffBase is null");
    timeouts = Map.copyOf(timeouts);
    env = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(env));
    inheritEnv = List.copyOf(inheritEnv);
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  /** Settings with the defaults of SPEC §6 (poll 60s, handle 120s, health 10s, init 30s). */
  public static PluginSettings defaults(String name, String config) {
    return new PluginSettings(
        name,
        true,
        config,
        Map.of(
            "poll", Duration.ofSeconds(60),
            "handle", Duration.ofSeconds(120),
            "health", Duration.ofSeconds(10),
            "init", Duration.ofSeconds(30)),
        Duration.ofSeconds(120),
        Map.of(),
        List.of(),
        4,
        Duration.ofSeconds(30));
  }

  public Duration timeoutFor(String command) {
    return timeouts.getOrDefault(command, defaultTimeout);
  }
}
