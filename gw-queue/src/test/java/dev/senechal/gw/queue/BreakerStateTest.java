package dev.senechal.gw.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The breaker's state machine as pure functions (SPEC §6). */
class BreakerStateTest {
  private static final Instant T0 = Instant.parse("2026-02-08T10:00:00Z");
  private static final Duration RESET_AFTER = Duration.ofMinutes(30);

  @Test
  void opensAtTheThresholdAndKeepsCountingWhileOpen() {
    BreakerState breaker = BreakerState.closed("p", "poll");
    breaker = breaker.failed(T0, "one", 3).failed(T0.plusSeconds(1), "two", 3);
    assertThat(breaker.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breaker.consecutiveFailures()).isEqualTo(2);

    breaker = breaker.failed(T0.plusSeconds(2), "three", 3);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.openedAt()).isEqualTo(T0.plusSeconds(2));

    breaker = breaker.failed(T0.plusSeconds(9), "four", 3);
    assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
    assertThat(breaker.openedAt()).isEqualTo(T0.plusSeconds(2));
    assertThat(breaker.consecutiveFailures()).isEqualTo(4);
    assertThat(breaker.lastError()).isEqualTo("four");
    assertThat(breaker.probeAt(RESET_AFTER)).contains(T0.plusSeconds(2).plus(RESET_AFTER));
  }

  @Test
  void aProbeIsDueOnlyAfterResetAfterAndAFailedProbeReopensForAnotherPeriod() {
    BreakerState open = BreakerState.closed("p", "poll").failed(T0, "x", 1);
    assertThat(open.probeDue(T0.plus(RESET_AFTER).minusMillis(1), RESET_AFTER)).isFalse();
    assertThat(open.probeDue(T0.plus(RESET_AFTER), RESET_AFTER)).isTrue();

    Instant probe = T0.plus(RESET_AFTER);
    BreakerState halfOpen = open.halfOpened(probe);
    assertThat(halfOpen.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(halfOpen.probeDue(probe.plusSeconds(60), RESET_AFTER)).isFalse();

    BreakerState reopened = halfOpen.failed(probe.plusSeconds(5), "y", 1);
    assertThat(reopened.state()).isEqualTo(CircuitState.OPEN);
    assertThat(reopened.openedAt()).isEqualTo(probe.plusSeconds(5));
    assertThat(reopened.consecutiveFailures()).isEqualTo(2);

    assertThat(halfOpen.succeeded().isClean()).isTrue();
  }

  @Test
  void aClosedBreakerHasNoProbe() {
    BreakerState closed = BreakerState.closed("p", "poll");
    assertThat(closed.probeAt(RESET_AFTER)).isEmpty();
    assertThat(closed.probeDue(T0, RESET_AFTER)).isFalse();
    assertThatThrownBy(() -> closed.halfOpened(T0)).isInstanceOf(IllegalStateException.class);
    assertThat(CircuitState.fromWireName("half_open")).isEqualTo(CircuitState.HALF_OPEN);
  }
}
