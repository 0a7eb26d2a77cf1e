package dev.senechal.gw.dispatch.internal;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The retry delay of SPEC §6: {@code backoff_base * 2^(attempt-1) + uniform(0, backoff_base)}.
 * The exponent is capped so a huge attempt budget cannot overflow.
 */
public final class RetryPolicy {
  private static final int MAX_EXPONENT = 20;
  private final RandomGenerator random;

  @Inject
  public RetryPolicy(RandomGenerator random) {
    this.random = requireNonNull(random, "random is null");
  }

  /** The delay before attempt {@code failedAttempt + 1}. */
  public Duration delayAfter(int failedAttempt, Duration base) {
    long baseMillis = Math.max(1, base.toMillis());
    int exponent = Math.min(Math.max(failedAttempt - 1, 0), MAX_EXPONENT);
    long jitter = random.nextLong(baseMillis);
    return Duration.ofMillis(baseMillis * (1L << exponent) + jitter);
  }
}
