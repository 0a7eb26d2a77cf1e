package dev.senechal.gw.engine;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The health of one loaded plugin as far as its {@code init} tells (SPEC §6). A plugin is
 * unhealthy only when init failed with its current config; an unhealthy plugin still runs its jobs
 * (the failure is a warning to the operator, see docs/operations.md).
 *
 * @param at when the init this reports finished; {@code null} for {@code not_declared} and {@code
 *     pending}
 * @param error why it failed; {@code null} unless {@link InitStatus#FAILED}
 */
public record PluginHealth(String plugin, InitStatus init, Instant at, String error) {
  public PluginHealth {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(init, "init is null");
    if (init == InitStatus.FAILED) {
      requireNonNull(error, "error is null for a failed init");
    }
  }

  /** Whether the plugin is healthy: every status but {@link InitStatus#FAILED}. */
  public boolean healthy() {
    return init != InitStatus.FAILED;
  }
}
