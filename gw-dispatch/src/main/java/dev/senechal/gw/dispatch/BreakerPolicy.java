package dev.senechal.gw.dispatch;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A plugin's {@code circuit_breaker} settings (SPEC §6), applied to each of its commands.
 *
 * @param threshold consecutive failed attempts that open a breaker; at least 1
 * @param resetAfter how long an open breaker refuses scheduled runs before one is let through as
 *     the probe; above zero
 */
public record BreakerPolicy(int threshold, Duration resetAfter) {
  /** {@code threshold: 3}, {@code reset_after: 30m}. */
  public static final BreakerPolicy DEFAULT = new BreakerPolicy(3, Duration.ofMinutes(30));

  public BreakerPolicy {
    requireNonNull(resetAfter, "resetAfter is null");
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
    }
    if (resetAfter.isNegative() || resetAfter.isZero()) {
      throw new IllegalArgumentException("reset_after must be positive, was " + resetAfter);
    }
  }
}
