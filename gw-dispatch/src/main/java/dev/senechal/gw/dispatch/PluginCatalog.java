package dev.senechal.gw.dispatch;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one discovery: the plugins that run, those refused with their reasons, and those
 * found but not enabled in the config (they are listed, never run).
 */
public record PluginCatalog(
    Map<String, LoadedPlugin> loaded, List<RefusedPlugin> refused, List<String> notEnabled) {

  public static final PluginCatalog EMPTY = new PluginCatalog(Map.of(), List.of(), List.of());

  public PluginCatalog {
    loaded = Collections.unmodifiableMap(new LinkedHashMap<>(loaded));
    refused = List.copyOf(refused);
    notEnabled = List.copyOf(notEnabled);
  }

  public Optional<LoadedPlugin> plugin(String name) {
    return Optional.ofNullable(loaded.get(name));
  }

  public Optional<RefusedPlugin> refusal(String name) {
    return refused.stream().filter(r -> r.name().equals(name)).findFirst();
  }
}
