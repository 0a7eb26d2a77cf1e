package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.queue.BreakerState;
import dev.senechal.gw.queue.BreakerTransition;
import dev.senechal.gw.queue.CircuitState;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Stored circuit breakers (SPEC §6): they survive a reopen of the file and reset atomically. */
class BreakerStoreTest extends StoreTestSupport {
  private static final int THRESHOLD = 2;

  private BreakerTransition fail(String command, String error) {
    return store.updateBreaker(
        PLUGIN, command, breaker -> breaker.failed(clock.instant(), error, THRESHOLD));
  }

  @Test
  void aBreakerNeverTouchedIsClosedAndNotStored() {
    assertThat(store.breaker(PLUGIN, "poll")).isEmpty();
    assertThat(store.breakers()).isEmpty();
  }

  @Test
  void anOpenBreakerSurvivesReopeningTheFile() {
    fail("poll", "exit status 1");
    clock.advance(Duration.ofSeconds(5));
    BreakerTransition opened = fail("poll", "exit status 2");
    Instant openedAt = clock.instant();

    assertThat(opened.stateChanged()).isTrue();
    store.close();
    store = SqliteStore.open(config(), clock);

    assertThat(store.breaker(PLUGIN, "poll"))
        .contains(
            new BreakerState(
                PLUGIN, "poll", CircuitState.OPEN, 2, openedAt, null, openedAt, "exit status 2"));
    assertThat(store.breakers()).extracting(BreakerState::command).containsExactly("poll");
  }

  @Test
  void aHalfOpenBreakerKeepsItsProbeTimeAcrossAReopen() {
    fail("poll", "boom");
    fail("poll", "boom");
    clock.advance(Duration.ofMinutes(30));
    store.updateBreaker(PLUGIN, "poll", breaker -> breaker.halfOpened(clock.instant()));
    store.close();
    store = SqliteStore.open(config(), clock);

    BreakerState stored = store.breaker(PLUGIN, "poll").orElseThrow();
    assertThat(stored.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(stored.halfOpenedAt()).isEqualTo(clock.instant());
    assertThat(stored.openedAt()).isEqualTo(START);
  }

  @Test
  void aSuccessDeletesTheRow() {
    fail("poll", "boom");
    BreakerTransition closed = store.updateBreaker(PLUGIN, "poll", BreakerState::succeeded);

    assertThat(closed.before().consecutiveFailures()).isEqualTo(1);
    assertThat(closed.after().isClean()).isTrue();
    assertThat(store.breakers()).isEmpty();
  }

  @Test
  void resetClosesOneCommandOrAllOfAPlugin() {
    fail("poll", "boom");
    fail("poll", "boom");
    fail("handle", "bad event");
    store.updateBreaker("other", "poll", b -> b.failed(clock.instant(), "x", THRESHOLD));

    assertThat(store.resetBreakers(PLUGIN, "sync")).isEmpty();
    assertThat(store.resetBreakers(PLUGIN, "handle"))
        .extracting(BreakerState::command)
        .containsExactly("handle");
    assertThat(store.breakers())
        .extracting(b -> b.plugin() + " " + b.command())
        .containsExactly("other poll", PLUGIN + " poll");

    assertThat(store.resetBreakers(PLUGIN, null))
        .extracting(BreakerState::state)
        .containsExactly(CircuitState.OPEN);
    assertThat(store.breakers()).extracting(BreakerState::plugin).containsExactly("other");
  }
}
