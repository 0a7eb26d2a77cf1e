package dev.senechal.gw.engine.internal;

import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.dispatch.RefusedPlugin;
import dev.senechal.gw.engine.config.ConfigProblem;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.engine.config.PluginConfig;
import dev.senechal.gw.engine.config.RouteConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validation rules that need the plugins on disk (SPEC §3): a configured plugin that no
 * directory provides, a schedule whose command the manifest lacks, a route to a plugin that does
 * not declare the route's command. Trust refusals are not config errors; they are reported by
 * discovery and never stop the other plugins.
 */
public final class PluginChecks {
  private PluginChecks() {}

  public static List<ConfigProblem> check(GatewayConfig config, PluginCatalog catalog) {
    List<ConfigProblem> problems = new ArrayList<>();
    Set<String> found = new TreeSet<>(catalog.loaded().keySet());
    catalog.refused().stream().map(RefusedPlugin::name).forEach(found::add);
    found.addAll(catalog.notEnabled());
    for (PluginConfig plugin : config.plugins().values()) {
      if (!found.contains(plugin.name())) {
        problems.add(
            problem(
                config,
                "plugins." + plugin.name(),
                "no plugin named '"
                    + plugin.name()
                    + "' under plugins_dir "
                    + config.pluginsDir()
                    + " (found: "
                    + (found.isEmpty() ? "none" : String.join(", ", found))
                    + ")"));
        continue;
      }
      Optional<LoadedPlugin> loaded = catalog.plugin(plugin.name());
      if (plugin.schedule() != null && loaded.isPresent()) {
        String command = plugin.schedule().command();
        if (!loaded.get().manifest().supports(command)) {
          problems.add(
              problem(
                  config,
                  "plugins." + plugin.name() + ".schedule",
                  "plugin '"
                      + plugin.name()
                      + "' is scheduled but its manifest does not declare the '"
                      + command
                      + "' command (it declares "
                      + loaded.get().manifest().commands().keySet()
                      + ")"));
        }
      }
    }
    List<RouteConfig> routes = config.routes();
    for (int i = 0; i < routes.size(); i++) {
      RouteConfig route = routes.get(i);
      Optional<LoadedPlugin> target = catalog.plugin(route.to());
      if (target.isPresent() && !target.get().manifest().supports(route.command())) {
        problems.add(
            problem(
                config,
                "routes[" + i + "].to",
                "plugin '"
                    + route.to()
                    + "' does not declare the '"
                    + route.command()
                    + "' command a route delivers"));
      }
    }
    return problems;
  }

  private static ConfigProblem problem(GatewayConfig config, String path, String message) {
    return new ConfigProblem(config.file(), path, 0, message);
  }
}
