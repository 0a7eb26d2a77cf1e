package dev.senechal.gw.dispatch;

import dev.senechal.gw.queue.BreakerState;
import dev.senechal.gw.queue.CircuitState;
import dev.senechal.gw.queue.SettleListener;
import dev.senechal.gw.queue.SettledAttempt;
import java.util.List;

/**
 * The circuit breakers per (plugin, command) (SPEC §6): the bookkeeping of settled attempts and the
 * decision the scheduler's poll gate asks for. State lives in the store ({@code BreakerStore}), read
 * afresh on every question, so a restart keeps it and a reset by another process (the CLI) counts at
 * once.
 *
 * <ul>
 *   <li><b>Failure:</b> every settled attempt of the (plugin, command) that did not succeed: failed
 *       or timed out (retried or not), dead (including a permanent failure, exit 78 or {@code retry:
 *       false}), whoever submitted the job. A success of any job of the (plugin, command) closes the
 *       breaker and clears the count. Crash recovery and reload dead-lettering are not attempts the
 *       plugin failed and do not count: the daemon stopped, or the operator took the plugin away.
 *       A job the dispatcher dead-letters because its plugin is gone or lacks the command counts.
 *   <li><b>Atomic:</b> an attempt is counted in the transaction that settles it, so a crash never
 *       keeps a settle and loses its count, or the reverse.
 *   <li><b>Open</b> after {@code threshold} consecutive failures: only scheduled runs of that
 *       command are refused; routed {@code handle} jobs, API and CLI jobs and retries still run.
 *   <li><b>Half-open:</b> the first scheduled run once {@code reset_after} has passed since the
 *       breaker opened is let through as the probe and no other until it settles; its success
 *       closes the breaker, its failure re-opens it for another {@code reset_after}. A probe that
 *       never settles (dead-lettered by a reload) is replaced after another {@code reset_after}.
 *   <li><b>Reset</b> closes breakers at once ({@code senechal-gw reset}).
 * </ul>
 */
public interface CircuitBreakers extends SettleListener {

  /**
   * Whether the scheduler may enqueue a scheduled {@code command} run of {@code plugin} now; may
   * move an open breaker to half-open (this run is the probe). A refusal is logged at WARN.
   */
  boolean allowsScheduledRun(String plugin, String command);

  /**
   * Logs what a settled attempt did to its breaker (a {@link SettleListener}): the store counts
   * attempts in the settle's own transaction ({@link dev.senechal.gw.queue.Settlement#countedByBreaker});
   * this reports opening and re-opening at WARN, closing at INFO, a counted failure at DEBUG.
   */
  void settled(SettledAttempt settled);

  /**
   * Closes the breakers of {@code plugin}, of every command when {@code command} is {@code null}.
   *
   * @return the breakers as they were, those that had anything to reset
   */
  List<BreakerState> reset(String plugin, String command);

  /** Every breaker that counts failures, is open or half-open, by plugin and command. */
  List<BreakerState> breakers();

  /**
   * How many plugins have at least one breaker open or half-open: the {@code plugins_circuit_open}
   * of {@code /healthz} and {@code status}.
   */
  default int pluginsCircuitOpen() {
    return openPlugins(breakers());
  }

  /** The number of plugins among {@code breakers} with a breaker that is not closed. */
  static int openPlugins(List<BreakerState> breakers) {
    return (int)
        breakers.stream()
            .filter(b -> b.state() != CircuitState.CLOSED)
            .map(BreakerState::plugin)
            .distinct()
            .count();
  }
}
