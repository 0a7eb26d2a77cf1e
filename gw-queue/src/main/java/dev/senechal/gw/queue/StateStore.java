package dev.senechal.gw.queue;

/** The per-plugin state: one JSON object per plugin (SPEC §6). */
public interface StateStore {

  /** The plugin's state as JSON object text; {@code "{}"} when it has none. */
  String get(String plugin);

  /** Replaces the plugin's whole state. */
  void replace(String plugin, String stateJson);

  /**
   * Applies a response's {@code state_updates} in one transaction, exactly as a settled job does:
   * top-level keys of {@code updatesJson} replace the stored ones, or it replaces the whole state
   * when {@code replace}. For commands run outside the queue (a plugin's {@code init}).
   *
   * @throws IllegalArgumentException {@code updatesJson} is not one JSON object
   * @throws StateTooLargeException the result is over the state cap; nothing is changed
   */
  void merge(String plugin, String updatesJson, boolean replace);
}
