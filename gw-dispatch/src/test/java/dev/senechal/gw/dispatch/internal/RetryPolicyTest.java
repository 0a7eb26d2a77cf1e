package dev.senechal.gw.dispatch.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private static final Duration BASE = Duration.ofSeconds(30);

  @Test
  void eachDelayIsBaseTimesTwoToTheAttemptPlusUpToOneBaseOfJitter() {
    RetryPolicy policy = new RetryPolicy(RandomGenerator.of("L64X128MixRandom"));
    for (int attempt = 1; attempt <= 6; attempt++) {
      Duration floor = BASE.multipliedBy(1L << (attempt - 1));
      Duration min = null;
      Duration max = null;
      for (int draw = 0; draw < 10_000; draw++) {
        Duration delay = policy.delayAfter(attempt, BASE);
        assertThat(delay).isGreaterThanOrEqualTo(floor).isLessThan(floor.plus(BASE));
        min = min == null || delay.compareTo(min) < 0 ? delay : min;
        max = max == null || delay.compareTo(max) > 0 ? delay : max;
      }
      // The jitter really spreads over the whole base, not a constant.
      assertThat(max.minus(min)).isGreaterThan(BASE.multipliedBy(9).dividedBy(10));
    }
  }

  @Test
  void theFirstRetryOfTheSpecsDefaultsWaitsThirtyToSixtySeconds() {
    RetryPolicy lowest = new RetryPolicy(fixed(0));
    RetryPolicy highest = new RetryPolicy(fixed(Long.MAX_VALUE));

    assertThat(lowest.delayAfter(1, BASE)).isEqualTo(Duration.ofSeconds(30));
    assertThat(highest.delayAfter(1, BASE)).isEqualTo(Duration.ofMillis(59_999));
    assertThat(lowest.delayAfter(3, BASE)).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void aHugeAttemptNumberDoesNotOverflow() {
    Duration delay = new RetryPolicy(fixed(0)).delayAfter(500, BASE);
    assertThat(delay).isEqualTo(BASE.multipliedBy(1L << 20));
  }

  /** A generator whose nextLong(bound) answers the lowest or highest value in range. */
  private static RandomGenerator fixed(long which) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        return which;
      }

      @Override
      public long nextLong(long bound) {
        return which == 0 ? 0 : bound - 1;
      }
    };
  }
}
