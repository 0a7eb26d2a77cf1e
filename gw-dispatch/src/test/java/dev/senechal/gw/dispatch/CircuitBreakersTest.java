package dev.senechal.gw.dispatch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.dispatch.internal.StoredCircuitBreakers;
import dev.senechal.gw.queue.BreakerState;
import dev.senechal.gw.queue.AttemptLog;
import dev.senechal.gw.queue.CircuitState;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.Settlement;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.SubmittedBy;
import dev.senechal.gw.queue.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The breaker per (plugin, command) over a real store, driven by the clock (SPEC §6). */
class CircuitBreakersTest {
  private static final String PLUGIN = "withings";
  private static final Duration RESET_AFTER = Duration.ofMinutes(30);

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2026-02-08T10:00:00Z");
  private QueueStore store;
  private CircuitBreakers breakers;

  @BeforeEach
  void open() {
    store = QueueStore.openSqlite(StoreConfig.defaults(dir.resolve("state.db")), clock);
    breakers = breakersOn(store);
  }

  @AfterEach
  void close() {
    store.close();
  }

  private CircuitBreakers breakersOn(QueueStore on) {
    return new StoredCircuitBreakers(on, plugin -> new BreakerPolicy(3, RESET_AFTER), clock);
  }

  /** Runs one job of {@code command} through the store and settles it as the dispatcher does. */
  private void settle(String command, JobStatus outcome, SubmittedBy by) {
    store.enqueue(NewJob.of(PLUGIN, command, "{}", by).withMaxAttempts(4));
    Job job = store.claimNext().orElseThrow();
    Settlement settlement =
        switch (outcome) {
          case SUCCEEDED -> Settlement.succeeded(job, null, false, AttemptLog.EMPTY, List.of());
          case QUEUED ->
              Settlement.failed(job, JobStatus.FAILED, "exit status 1", clock.instant(),
                  AttemptLog.EMPTY);
          default -> Settlement.failed(job, outcome, "exit status 1", null, AttemptLog.EMPTY);
        };
    store.settle(settlement.countedByBreaker(3));
    store.awaitReported();
  }

  private void fail(String command) {
    settle(command, JobStatus.FAILED, SubmittedBy.SCHEDULER);
  }

  private void succeed(String command, SubmittedBy by) {
    settle(command, JobStatus.SUCCEEDED, by);
  }

  private CircuitState state() {
    return store.breaker(PLUGIN, "poll").map(BreakerState::state).orElse(CircuitState.CLOSED);
  }

  private void openThePollBreaker() {
    fail("poll");
    fail("poll");
    fail("poll");
    assertThat(state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void opensAtTheThresholdOfConsecutiveFailures() {
    fail("poll");
    fail("poll");
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isTrue();

    settle("poll", JobStatus.DEAD, SubmittedBy.API); // a permanent failure counts

    assertThat(state()).isEqualTo(CircuitState.OPEN);
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isFalse();
    assertThat(breakers.pluginsCircuitOpen()).isEqualTo(1);
  }

  @Test
  void aSuccessClearsTheCount() {
    fail("poll");
    fail("poll");
    succeed("poll", SubmittedBy.SCHEDULER);
    fail("poll");
    fail("poll");

    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    assertThat(store.breaker(PLUGIN, "poll").orElseThrow().consecutiveFailures()).isEqualTo(2);
  }

  @Test
  void failuresAfterSuccessesOfACleanBreakerStillOpenIt() {
    succeed("poll", SubmittedBy.SCHEDULER);
    succeed("poll", SubmittedBy.SCHEDULER); // known clean: answered without the store
    openThePollBreaker();
    succeed("poll", SubmittedBy.API);
    assertThat(state()).isEqualTo(CircuitState.CLOSED);
    openThePollBreaker();
  }

  @Test
  void eachCommandHasItsOwnBreaker() {
    openThePollBreaker();

    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isFalse();
    assertThat(breakers.allowsScheduledRun(PLUGIN, "sync")).isTrue();
    assertThat(store.breaker(PLUGIN, "handle")).isEmpty();
  }

  @Test
  void halfOpensAfterResetAfterAndLetsExactlyOneProbeThrough() {
    openThePollBreaker();
    clock.advance(RESET_AFTER.minusSeconds(1));
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isFalse();

    clock.advance(Duration.ofSeconds(1));
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isTrue();
    assertThat(state()).isEqualTo(CircuitState.HALF_OPEN);

    clock.advance(Duration.ofMinutes(5));
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isFalse();
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isFalse();
  }

  @Test
  void aSucceedingProbeClosesTheBreaker() {
    openThePollBreaker();
    clock.advance(RESET_AFTER);
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isTrue();

    succeed("poll", SubmittedBy.SCHEDULER);

    assertThat(store.breaker(PLUGIN, "poll")).isEmpty();
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isTrue();
    assertThat(breakers.pluginsCircuitOpen()).isZero();
  }

  @Test
  void aFailingProbeReopensForAnotherResetAfter() {
    openThePollBreaker();
    clock.advance(RESET_AFTER);
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isTrue();
    clock.advance(Duration.ofSeconds(10));

    fail("poll");

    BreakerState reopened = store.breaker(PLUGIN, "poll").orElseThrow();
    assertThat(reopened.state()).isEqualTo(CircuitState.OPEN);
    assertThat(reopened.openedAt()).isEqualTo(clock.instant());
    assertThat(reopened.consecutiveFailures()).isEqualTo(4);
    clock.advance(RESET_AFTER.minusSeconds(1));
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isTrue();
  }

  @Test
  void aProbeThatNeverSettlesIsReplacedAfterAnotherResetAfter() {
    openThePollBreaker();
    clock.advance(RESET_AFTER);
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isTrue();

    clock.advance(RESET_AFTER);

    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isTrue();
    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isFalse();
  }

  @Test
  void aSuccessOfAJobNotFromTheSchedulerClosesAnOpenBreakerToo() {
    openThePollBreaker();

    succeed("poll", SubmittedBy.CLI);

    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isTrue();
  }

  @Test
  void aManualResetClosesAtOnceEvenFromAnotherStoreOnTheSameFile() {
    openThePollBreaker();
    fail("handle");

    try (QueueStore cli = QueueStore.openSqlite(StoreConfig.defaults(dir.resolve("state.db")),
        clock)) {
      assertThat(breakersOn(cli).reset(PLUGIN, "poll"))
          .extracting(BreakerState::state)
          .containsExactly(CircuitState.OPEN);
    }

    assertThat(breakers.allowsScheduledRun(PLUGIN, "poll")).isTrue();
    assertThat(breakers.breakers()).extracting(BreakerState::command).containsExactly("handle");
    assertThat(breakers.reset(PLUGIN, null)).hasSize(1);
    assertThat(breakers.breakers()).isEmpty();
  }

  @Test
  void aSettlementNotMarkedCountedLeavesTheBreakerAlone() {
    store.enqueue(NewJob.of(PLUGIN, "poll", "{}", SubmittedBy.SCHEDULER));
    Job job = store.claimNext().orElseThrow();

    store.settle(Settlement.failed(job, JobStatus.DEAD, "exit status 1", null, AttemptLog.EMPTY));

    assertThat(store.breakers()).isEmpty();
  }
}
