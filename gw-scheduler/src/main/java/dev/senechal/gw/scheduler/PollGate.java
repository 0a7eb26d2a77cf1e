package dev.senechal.gw.scheduler;

/**
 * The circuit-breaker gate for scheduled polls (SPEC §5): while a plugin's breaker for the command
 * is open the scheduler enqueues no run for it. Only scheduled runs consult the gate; {@code
 * handle} jobs never do. The breaker bookkeeping lives elsewhere and implements this.
 */
@FunctionalInterface
public interface PollGate {

  /** A gate that always lets polls through, for setups without a breaker. */
  PollGate OPEN = (plugin, command) -> true;

  /** Whether a scheduled {@code command} job may be enqueued for {@code plugin} now. */
  boolean allowsPoll(String plugin, String command);
}
