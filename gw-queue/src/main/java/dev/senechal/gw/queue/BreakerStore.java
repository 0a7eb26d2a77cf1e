package dev.senechal.gw.queue;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Persisted circuit breakers per (plugin, command) (SPEC §6), so an open breaker stays open across
 * a restart and another process (the CLI's {@code reset}) can close it while the daemon runs. A
 * breaker with no stored row is closed with nothing counted ({@link BreakerState#closed}).
 */
public interface BreakerStore {

  /** The stored breaker, or empty when it is closed with nothing counted. */
  Optional<BreakerState> breaker(String plugin, String command);

  /** Every stored breaker (counting failures, open or half-open), by plugin and command. */
  List<BreakerState> breakers();

  /**
   * Reads the breaker, applies {@code change} and stores the result, in one durable transaction,
   * so a concurrent change by another thread or process (a reset) is never overwritten by a stale
   * read. A result that is {@linkplain BreakerState#isClean() clean} is stored as no row.
   *
   * @param change a pure function of the current breaker ({@link BreakerState#closed} when none is
   *     stored); it may run more than once, so it must not have side effects
   */
  BreakerTransition updateBreaker(String plugin, String command, UnaryOperator<BreakerState> change);

  /**
   * Closes the breakers of {@code plugin} (all its commands when {@code command} is {@code null}),
   * in one durable transaction.
   *
   * @return the breakers as they were before, those that had anything to reset; empty when none
   */
  List<BreakerState> resetBreakers(String plugin, String command);
}
