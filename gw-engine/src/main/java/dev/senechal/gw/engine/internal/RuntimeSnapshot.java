package dev.senechal.gw.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.engine.config.GatewayConfig;

/** One consistent view of the config and the plugins discovered under it. */
public record RuntimeSnapshot(GatewayConfig config, PluginCatalog catalog) {
  public RuntimeSnapshot {
    requireNonNull(config, "config is null");
    requireNonNull(catalog, "catalog is null");
  }
}
