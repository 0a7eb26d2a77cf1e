package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The whole configuration file (SPEC §3), validated. Load it with {@link ConfigLoader}.
 *
 * @param file the file it was read from, absolute; {@code null} for a config built in code
 * @param service the {@code service} section, defaults when absent
 * @param state the {@code state} section, defaults when absent
 * @param pluginsDir absolute; default {@code ./plugins} beside the config file
 * @param plugins by name, in file order
 * @param routes in file order
 * @param webhooks {@code null} when the file has no {@code webhooks} section
 * @param api {@code null} when the file has no {@code api} section
 */
public record GatewayConfig(
    Path file,
    ServiceConfig service,
    StateConfig state,
    Path pluginsDir,
    Map<String, PluginConfig> plugins,
    List<RouteConfig> routes,
    WebhooksConfig webhooks,
    ApiConfig api) {

  /** The default {@code plugins_dir}, relative to the config file's directory. */
  public static final String DEFAULT_PLUGINS_DIR = "./plugins";

  public GatewayConfig {
    requireNonNull(service, "service is null");
    requireNonNull(state, "state is null");
    requireNonNull(pluginsDir, "pluginsDir is null");
    requireNonNull(plugins, "plugins is null");
    requireNonNull(routes, "routes is null");
    plugins.forEach(
        (name, plugin) -> {
          if (!name.equals(plugin.name())) {
            throw new IllegalArgumentException(
                "plugin '" + plugin.name() + "' is filed under '" + name + "'");
          }
        });
    plugins = Collections.unmodifiableMap(new LinkedHashMap<>(plugins));
    routes = List.copyOf(routes);
  }

  public Optional<PluginConfig> plugin(String name) {
    return Optional.ofNullable(plugins.get(name));
  }

  public Optional<WebhooksConfig> webhooksSection() {
    return Optional.ofNullable(webhooks);
  }

  public Optional<ApiConfig> apiSection() {
    return Optional.ofNullable(api);
  }
}
