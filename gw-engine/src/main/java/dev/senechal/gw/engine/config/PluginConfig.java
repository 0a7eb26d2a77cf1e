package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.engine.internal.config.JsonRedaction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One entry under {@code plugins}: how the gateway runs the plugin of that name.
 *
 * <p>{@link #toString()} shows neither the plugin's {@code config} nor its {@code env} values: both
 * may hold secrets. Use {@link #redactedConfig()} to display the config.
 *
 * @param name the key under {@code plugins}; lower-case letters, digits, {@code -} and {@code _},
 *     starting with a letter or digit, at most 64 characters
 * @param enabled default true; a disabled plugin is known (routes may name it) but never runs
 * @param schedule {@code null} when the plugin is not scheduled
 * @param config the plugin's {@code config} map as JSON object text; default {@code {}}
 * @param retry default {@link RetryConfig#DEFAULT}
 * @param timeouts default {@link TimeoutsConfig#DEFAULT}
 * @param circuitBreaker default {@link CircuitBreakerConfig#DEFAULT}
 * @param maxOutstandingPolls scheduled polls allowed queued or running at once; default 1
 * @param env variables added to the plugin's minimal environment, in file order
 * @param inheritEnv names of the daemon's variables passed through to the plugin
 * @param secretConfigPaths JSON pointers ({@code /client_id}, {@code /accounts/0/token}) of the
 *     {@code config} values that came from {@code ${…}}: secrets that must never be shown
 */
public record PluginConfig(
    String name,
    boolean enabled,
    ScheduleConfig schedule,
    String config,
    RetryConfig retry,
    TimeoutsConfig timeouts,
    CircuitBreakerConfig circuitBreaker,
    int maxOutstandingPolls,
    Map<String, String> env,
    List<String> inheritEnv,
    List<String> secretConfigPaths) {

  /** What a plugin name looks like. */
  public static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

  public PluginConfig {
    requireNonNull(name, "name is null");
    requireNonNull(config, "config is null");
    requireNonNull(retry, "retry is null");
    requireNonNull(timeouts, "timeouts is null");
    requireNonNull(circuitBreaker, "circuitBreaker is null");
    requireNonNull(env, "env is null");
    requireNonNull(inheritEnv, "inheritEnv is null");
    requireNonNull(secretConfigPaths, "secretConfigPaths is null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("plugin name '" + name + "' does not match " + NAME);
    }
    RangeChecks.requireAtLeast(maxOutstandingPolls, 1, "maxOutstandingPolls");
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    inheritEnv = List.copyOf(inheritEnv);
    secretConfigPaths = List.copyOf(secretConfigPaths);
  }

  /** A plugin config without secret markers (what code that builds configs usually wants). */
  public PluginConfig(
      String name,
      boolean enabled,
      ScheduleConfig schedule,
      String config,
      RetryConfig retry,
      TimeoutsConfig timeouts,
      CircuitBreakerConfig circuitBreaker,
      int maxOutstandingPolls,
      Map<String, String> env,
      List<String> inheritEnv) {
    this(
        name,
        enabled,
        schedule,
        config,
        retry,
        timeouts,
        circuitBreaker,
        maxOutstandingPolls,
        env,
        inheritEnv,
        List.of());
  }

  /** An enabled, unscheduled plugin with the given config and every other key at its default. */
  public static PluginConfig defaults(String name, String config) {
    return new PluginConfig(
        name,
        true,
        null,
        config,
        RetryConfig.DEFAULT,
        TimeoutsConfig.DEFAULT,
        CircuitBreakerConfig.DEFAULT,
        1,
        Map.of(),
        List.of());
  }

  /** Whether any value of {@link #config()} came from {@code ${…}}. */
  public boolean configHasSecrets() {
    return !secretConfigPaths.isEmpty();
  }

  /** {@link #config()} with every value that came from {@code ${…}} replaced by {@code ******}. */
  public String redactedConfig() {
    return secretConfigPaths.isEmpty()
        ? config
        : JsonRedaction.redact(config, secretConfigPaths, Secret.MASK);
  }

  @Override
  public String toString() {
    return "PluginConfig[name="
        + name
        + ", enabled="
        + enabled
        + ", schedule="
        + schedule
        + ", config="
        + redactedConfig()
        + ", retry="
        + retry
        + ", timeouts="
        + timeouts
        + ", circuitBreaker="
        + circuitBreaker
        + ", maxOutstandingPolls="
        + maxOutstandingPolls
        + ", env="
        + env.keySet()
        + ", inheritEnv="
        + inheritEnv
        + "]";
  }
}
