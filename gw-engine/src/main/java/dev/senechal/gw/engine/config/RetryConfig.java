package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A plugin's {@code retry} section (SPEC §6): delay before attempt {@code n+1} is {@code
 * backoffBase * 2^(n-1) + uniform(0, backoffBase)}.
 *
 * @param maxAttempts attempts in all, the first included; default 4, at least 1
 * @param backoffBase default 30s, 0 retries at once
 */
public record RetryConfig(int maxAttempts, Duration backoffBase) {
  public static final RetryConfig DEFAULT = new RetryConfig(4, Duration.ofSeconds(30));

  public RetryConfig {
    requireNonNull(backoffBase, "backoffBase is null");
    RangeChecks.requireAtLeast(maxAttempts, 1, "maxAttempts");
    RangeChecks.requireNotNegative(backoffBase, "backoffBase");
  }
}
