package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A plugin's {@code circuit_breaker} section (SPEC §6), applied per (plugin, command).
 *
 * @param threshold consecutive failures that open the breaker; default 3, at least 1
 * @param resetAfter how long it stays open; default 30m, above zero
 */
public record CircuitBreakerConfig(int threshold, Duration resetAfter) {
  public static final CircuitBreakerConfig DEFAULT =
      new CircuitBreakerConfig(3, Duration.ofMinutes(30));

  public CircuitBreakerConfig {
    requireNonNull(resetAfter, "resetAfter is null");
    RangeChecks.requireAtLeast(threshold, 1, "threshold");
    RangeChecks.requirePositive(resetAfter, "resetAfter");
  }
}
