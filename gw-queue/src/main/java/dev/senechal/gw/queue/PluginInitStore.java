package dev.senechal.gw.queue;

import java.util.List;
import java.util.Optional;

/**
 * Persisted outcomes of each plugin's {@code init} (SPEC §6), so a restart with an unchanged
 * config does not run init again, and the CLI shows a failed init with the daemon stopped.
 */
public interface PluginInitStore {

  /** The last init of {@code plugin}, or empty when it never ran. */
  Optional<PluginInitRecord> pluginInit(String plugin);

  /** The last init of every plugin that ran one, by plugin name. */
  List<PluginInitRecord> pluginInits();

  /** Stores {@code record} as the plugin's last init, durably, replacing the one before. */
  void recordPluginInit(PluginInitRecord record);
}
