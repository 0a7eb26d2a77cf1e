package dev.senechal.gw.engine.internal;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.engine.config.HostPort;
import dev.senechal.gw.engine.config.PluginConfig;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reload changes between the snapshot in force and the one replacing it (SPEC §9).
 *
 * @param added plugins that run after the reload and did not before, in config order
 * @param removed plugins that ran before and do not after, each with the reason their queued jobs
 *     are dead-lettered with
 * @param changed plugins that run before and after with different settings, manifest or files
 * @param restartRequired the keys that changed but are only read at start, e.g. {@code state.path}
 */
public record ReloadPlan(
    List<String> added,
    Map<String, String> removed,
    List<String> changed,
    List<String> restartRequired) {

  public ReloadPlan {
    added = List.copyOf(added);
    removed = Collections.unmodifiableMap(new LinkedHashMap<>(removed));
    changed = List.copyOf(changed);
    restartRequired = List.copyOf(restartRequired);
  }

  public static ReloadPlan between(RuntimeSnapshot before, RuntimeSnapshot after) {
    requireNonNull(before, "before is null");
    requireNonNull(after, "after is null");
    Map<String, LoadedPlugin> was = before.catalog().loaded();
    Map<String, LoadedPlugin> now = after.catalog().loaded();
    List<String> added = new ArrayList<>();
    List<String> changed = new ArrayList<>();
    for (Map.Entry<String, LoadedPlugin> plugin : now.entrySet()) {
      String name = plugin.getKey();
      if (!was.containsKey(name)) {
        added.add(name);
      } else if (!was.get(name).equals(plugin.getValue())
          || !Objects.equals(
              before.config().plugins().get(name), after.config().plugins().get(name))) {
        changed.add(name);
      }
    }
    Map<String, String> removed = new LinkedHashMap<>();
    for (String name : was.keySet()) {
      if (!now.containsKey(name)) {
        removed.put(name, whyRemoved(name, after));
      }
    }
    return new ReloadPlan(
        added, removed, changed, restartRequired(before.config(), after.config()));
  }

  private static String whyRemoved(String name, RuntimeSnapshot after) {
    PluginConfig configured = after.config().plugins().get(name);
    if (configured == null) {
      return "plugin " + name + " was removed from the config by a reload";
    }
    if (!configured.enabled()) {
      return "plugin " + name + " was disabled (enabled: false) by a reload";
    }
    return after
        .catalog()
        .refusal(name)
        .map(r -> "plugin " + name + " was refused by a reload: " + r.reason())
        .orElse("plugin " + name + " is no longer loaded after a reload");
  }

  /** The keys read only at start whose value differs; the reload applies everything else. */
  private static List<String> restartRequired(GatewayConfig before, GatewayConfig after) {
    List<String> keys = new ArrayList<>();
    compare(keys, "state.path", before.state().path(), after.state().path());
    compare(keys, "state.synchronous", before.state().synchronous(), after.state().synchronous());
    compare(
        keys,
        "service.tick_interval",
        before.service().tickInterval(),
        after.service().tickInterval());
    compare(keys, "service.dedupe_ttl", before.service().dedupeTtl(), after.service().dedupeTtl());
    compare(keys, "service.log_level", before.service().logLevel(), after.service().logLevel());
    compare(keys, "service.log_format", before.service().logFormat(), after.service().logFormat());
    compare(keys, "webhooks.listen", webhooksListen(before), webhooksListen(after));
    compare(keys, "api.listen", apiListen(before), apiListen(after));
    return keys;
  }

  private static HostPort webhooksListen(GatewayConfig config) {
    return config.webhooksSection().map(w -> w.listen()).orElse(null);
  }

  private static HostPort apiListen(GatewayConfig config) {
    return config.apiSection().map(a -> a.listen()).orElse(null);
  }

  private static void compare(List<String> keys, String key, Object before, Object after) {
    if (!Objects.equals(before, after)) {
      keys.add(key);
    }
  }
}
