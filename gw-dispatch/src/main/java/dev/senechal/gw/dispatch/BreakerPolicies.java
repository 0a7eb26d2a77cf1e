package dev.senechal.gw.dispatch;

/**
 * Where the breakers read each plugin's {@link BreakerPolicy}. The config can be reloaded, so they
 * ask every time; the engine binds one backed by its current config.
 */
@FunctionalInterface
public interface BreakerPolicies {

  /** The policy of {@code plugin}; {@link BreakerPolicy#DEFAULT} for a plugin not configured. */
  BreakerPolicy policy(String plugin);
}
