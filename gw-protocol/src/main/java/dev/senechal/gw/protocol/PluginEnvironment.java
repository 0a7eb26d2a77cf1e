package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The minimal environment of a plugin process (SPEC §6): secrets meant for the daemon never leak
 * into every plugin.
 */
public final class PluginEnvironment {
  /** The daemon variables every plugin gets, when the daemon has them. */
  public static final List<String> BASE = List.of("PATH", "HOME", "LANG", "TZ", "TMPDIR");

  /** {@code PATH} when the daemon has none. */
  public static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

  private PluginEnvironment() {}

  /**
   * The complete environment for a plugin: {@link #BASE} taken from the daemon's environment
   * ({@code PATH} defaulting to {@link #DEFAULT_PATH}), then each variable named in {@code
   * inheritNames} that the daemon has ({@code inherit_env}), then the plugin's own {@code env} map,
   * which wins over both.
   *
   * @param daemonEnvironment the daemon's environment (usually {@code System.getenv()})
   * @param inheritNames more daemon variables this plugin may see
   * @param pluginEnvironment the plugin's {@code env:} from config
   */
  public static Map<String, String> build(
      Map<String, String> daemonEnvironment,
      List<String> inheritNames,
      Map<String, String> pluginEnvironment) {
    requireNonNull(daemonEnvironment, "daemonEnvironment is null");
    requireNonNull(inheritNames, "inheritNames is null");
    requireNonNull(pluginEnvironment, "pluginEnvironment is null");
    Map<String, String> environment = new LinkedHashMap<>();
    for (String name : BASE) {
      String value = daemonEnvironment.get(name);
      if (value != null) {
        environment.put(name, value);
      }
    }
    environment.putIfAbsent("PATH", DEFAULT_PATH);
    for (String name : inheritNames) {
      String value = daemonEnvironment.get(name);
      if (value != null) {
        environment.put(name, value);
      }
    }
    environment.putAll(pluginEnvironment);
    return Collections.unmodifiableMap(environment);
  }
}
