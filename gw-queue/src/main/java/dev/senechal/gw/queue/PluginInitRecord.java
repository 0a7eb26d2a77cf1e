package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * How a plugin's {@code init} last ran (SPEC §6): with what, when, and how it ended.
 *
 * @param fingerprint what init ran with (the engine hashes the plugin's config and manifest
 *     version); init runs again only when the current fingerprint differs
 * @param ranAt when that init finished
 * @param succeeded whether it succeeded; a failed init is not retried and marks the plugin
 *     unhealthy
 * @param error why it failed; {@code null} when it succeeded
 */
public record PluginInitRecord(
    String plugin, String fingerprint, Instant ranAt, boolean succeeded, String error) {
  public PluginInitRecord {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(fingerprint, "fingerprint is null");
    requireNonNull(ranAt, "ranAt is null");
    if (!succeeded) {
      requireNonNull(error, "error is null for a failed init");
    }
  }

  public static PluginInitRecord succeeded(String plugin, String fingerprint, Instant ranAt) {
    return new PluginInitRecord(plugin, fingerprint, ranAt, true, null);
  }

  public static PluginInitRecord failed(
      String plugin, String fingerprint, Instant ranAt, String error) {
    return new PluginInitRecord(plugin, fingerprint, ranAt, false, error);
  }
}
