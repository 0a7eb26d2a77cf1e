package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

/** A breaker before and after one change ({@link BreakerStore#updateBreaker}). */
public record BreakerTransition(BreakerState before, BreakerState after) {
  public BreakerTransition {
    requireNonNull(before, "before is null");
    requireNonNull(after, "after is null");
  }

  /** Whether the state (closed, open, half-open) changed, not only the count or the error. */
  public boolean stateChanged() {
    return before.state() != after.state();
  }
}
