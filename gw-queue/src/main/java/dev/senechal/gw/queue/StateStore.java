package dev.senechal.gw.queue;

/** The per-plugin state: one JSON object per plugin (SPEC §6). */
public interface StateStore {

  /** The plugin's state as JSON object text; {@code "{}"} when it has none. */
  String get(String plugin);

  /** Replaces the plugin's whole state. */
  void replace(String plugin, String stateJson);
}
