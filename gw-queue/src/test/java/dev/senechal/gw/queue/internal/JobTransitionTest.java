package dev.senechal.gw.queue.internal;

import static dev.senechal.gw.queue.JobStatus.DEAD;
import static dev.senechal.gw.queue.JobStatus.FAILED;
import static dev.senechal.gw.queue.JobStatus.QUEUED;
import static dev.senechal.gw.queue.JobStatus.RUNNING;
import static dev.senechal.gw.queue.JobStatus.SUCCEEDED;
import static dev.senechal.gw.queue.JobStatus.TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.senechal.gw.queue.AttemptLog;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.OrphanRecovery;
import dev.senechal.gw.queue.ProcessRef;
import dev.senechal.gw.queue.Settlement;
import dev.senechal.gw.queue.StaleSettlementException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every transition of the job state machine (SPEC §4, §9), and fencing of stale settles. */
class JobTransitionTest extends StoreTestSupport {
  private static final Duration RUN_TIME = Duration.ofSeconds(2);

  /**
   * One row of the table: what happens to a job just claimed for its first attempt.
   *
   * @param loggedAs the status of the attempt's job-log row, {@code null} when none is written
   * @param runnableAfter for a job back in the queue, how long after the transition it can be
   *     claimed again; {@code null} when it is not queued
   */
  record Transition(
      String name,
      int maxAttempts,
      BiConsumer<SqliteStore, Job> act,
      JobStatus status,
      int attempt,
      JobStatus loggedAs,
      Duration runnableAfter) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Transition> transitions() {
    Duration backoff = Duration.ofSeconds(30);
    return Stream.of(
        new Transition("queued -> running (claim)", 4, (s, j) -> {}, RUNNING, 1, null, null),
        new Transition(
            "running -> succeeded",
            4,
            (s, j) -> s.settle(success(j, null, List.of())),
            SUCCEEDED,
            1,
            SUCCEEDED,
            null),
        new Transition(
            "running -> failed (no retry)",
            4,
            (s, j) -> s.settle(failure(j, FAILED, null)),
            FAILED,
            1,
            FAILED,
            null),
        new Transition(
            "running -> failed -> queued (retry after backoff)",
            4,
            (s, j) -> s.settle(failure(j, FAILED, START.plus(RUN_TIME).plus(backoff))),
            QUEUED,
            2,
            FAILED,
            backoff),
        new Transition(
            "running -> timed_out (no retry)",
            4,
            (s, j) -> s.settle(failure(j, TIMED_OUT, null)),
            TIMED_OUT,
            1,
            TIMED_OUT,
            null),
        new Transition(
            "running -> timed_out -> queued (retry after backoff)",
            4,
            (s, j) -> s.settle(failure(j, TIMED_OUT, START.plus(RUN_TIME).plus(backoff))),
            QUEUED,
            2,
            TIMED_OUT,
            backoff),
        new Transition(
            "running -> dead (permanent failure)",
            4,
            (s, j) -> s.settle(failure(j, DEAD, null)),
            DEAD,
            1,
            DEAD,
            null),
        new Transition(
            "running -> failed -> dead (retry asked, no attempt left)",
            1,
            (s, j) -> s.settle(failure(j, FAILED, START.plus(RUN_TIME).plus(backoff))),
            DEAD,
            1,
            FAILED,
            null),
        new Transition(
            "running -> queued (crash recovery, attempt+1)",
            4,
            (s, j) -> s.recoverOrphans(),
            QUEUED,
            2,
            FAILED,
            Duration.ZERO),
        new Transition(
            "running -> dead (crash recovery, no attempt left)",
            1,
            (s, j) -> s.recoverOrphans(),
            DEAD,
            1,
            FAILED,
            null));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void transition(Transition transition) {
    String id = enqueue(poll(PLUGIN).withMaxAttempts(transition.maxAttempts()));
    assertThat(job(id).status()).isEqualTo(QUEUED);
    assertThat(job(id).attempt()).isEqualTo(1);

    Job claimed = claim();
    assertThat(claimed.id()).isEqualTo(id);
    assertThat(claimed.status()).isEqualTo(RUNNING);
    assertThat(claimed.startedAt()).isEqualTo(START);
    assertThat(job(id)).isEqualTo(claimed);

    clock.advance(RUN_TIME);
    transition.act().accept(store, claimed);

    Job after = job(id);
    assertThat(after.status()).isEqualTo(transition.status());
    assertThat(after.attempt()).isEqualTo(transition.attempt());
    assertThat(after.completedAt())
        .isEqualTo(transition.status().isTerminal() ? START.plus(RUN_TIME) : null);
    assertThat(after.process()).isNull();
    List<JobLogEntry> log = store.attempts(id);
    if (transition.loggedAs() == null) {
      assertThat(log).isEmpty();
    } else {
      assertThat(log)
          .singleElement()
          .satisfies(
              entry -> {
                assertThat(entry.status()).isEqualTo(transition.loggedAs());
                assertThat(entry.attempt()).isEqualTo(1);
                assertThat(entry.startedAt()).isEqualTo(START);
                assertThat(entry.completedAt()).isEqualTo(START.plus(RUN_TIME));
              });
    }

    if (transition.runnableAfter() == null) {
      assertThat(store.claimNext()).as("nothing may be claimed").isEmpty();
      return;
    }
    if (!transition.runnableAfter().isZero()) {
      assertThat(after.nextRetryAt()).isEqualTo(clock.instant().plus(transition.runnableAfter()));
      clock.advance(transition.runnableAfter().minusMillis(1));
      assertThat(store.claimNext()).as("claimable before its retry time").isEmpty();
      clock.advance(Duration.ofMillis(1));
    }
    Job again = claim();
    assertThat(again.id()).isEqualTo(id);
    assertThat(again.attempt()).isEqualTo(transition.attempt());
    assertThat(again.status()).isEqualTo(RUNNING);
  }

  /** A settle of a claimed job, by the outcome it reports. */
  record SettleCase(String name, int maxAttempts, Function<Job, Settlement> settlement) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<SettleCase> settles() {
    AttemptLog log = new AttemptLog(0, "stderr", "[]", "\"result\"");
    return Stream.of(
        new SettleCase(
            "succeeded",
            4,
            j -> Settlement.succeeded(j, "{\"cursor\":\"a\"}", false, log, List.of())),
        new SettleCase("failed", 4, j -> failure(j, FAILED, null)),
        new SettleCase("timed out", 4, j -> failure(j, TIMED_OUT, null)),
        new SettleCase("dead", 4, j -> failure(j, DEAD, null)),
        new SettleCase(
            "retried after a backoff",
            4,
            j -> failure(j, FAILED, START.plus(RUN_TIME).plusSeconds(30))),
        new SettleCase("retried now", 4, j -> failure(j, TIMED_OUT, START.minusSeconds(60))),
        new SettleCase(
            "retry asked, no attempt left", 1, j -> failure(j, FAILED, START.plusSeconds(30))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("settles")
  void aSettleReturnsTheJobAsStored(SettleCase settleCase) {
    String parent = enqueue(poll("other"));
    String id =
        enqueue(
            child(PLUGIN, parent, "event-1")
                .withMaxAttempts(settleCase.maxAttempts())
                .withDedupeKey("key-1"));
    claim();
    Job claimed = claim();
    assertThat(claimed.id()).isEqualTo(id);
    store.recordProcess(id, 1, new ProcessRef(4242, 4242, START));
    clock.advance(RUN_TIME);

    Job settled = store.settle(settleCase.settlement().apply(claimed));

    assertThat(settled).isEqualTo(job(id));
  }

  @Test
  void aSettleOfAJobRetriedWithinItsFirstMillisecondShowsNoNextRetry() {
    String id = enqueue(poll(PLUGIN));
    Job claimed = claim();

    Job settled = store.settle(failure(claimed, FAILED, START));

    assertThat(settled.nextRetryAt()).isNull();
    assertThat(settled).isEqualTo(job(id));
  }

  @Test
  void recoveryReportsWhatItDidAndWritesTheReasonIntoTheJob() {
    String retried = enqueue(poll(PLUGIN));
    String exhausted = enqueue(poll("other").withMaxAttempts(1));
    claim();
    claim();

    List<OrphanRecovery> recovered = store.recoverOrphans();

    assertThat(recovered)
        .extracting(r -> r.job().id(), OrphanRecovery::status, OrphanRecovery::attempt)
        .containsExactly(tuple(retried, QUEUED, 2), tuple(exhausted, DEAD, 1));
    assertThat(job(retried).lastError())
        .isEqualTo("recovered after the daemon stopped while attempt 1 was running");
    assertThat(job(exhausted).lastError())
        .isEqualTo("dead: the daemon stopped while attempt 1 was running, the last of 1 attempts");
    assertThat(store.attempts(retried))
        .singleElement()
        .extracting(JobLogEntry::error)
        .isEqualTo("the daemon stopped while attempt 1 was running");
    assertThat(store.running()).isEmpty();
    assertThat(store.recoverOrphans()).isEmpty();
  }

  /** How a settle for attempt 1 becomes stale, and the stale settle itself. */
  record StaleCase(String name, Function<JobTransitionTest, Settlement> arrange) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<StaleCase> staleSettles() {
    return Stream.of(
        new StaleCase(
            "after crash recovery",
            t -> {
              Job first = t.claim();
              t.store.recoverOrphans();
              return t.fullSuccess(first);
            }),
        new StaleCase(
            "after recovery, while the next attempt runs",
            t -> {
              Job first = t.claim();
              t.store.recoverOrphans();
              t.claim();
              return t.fullSuccess(first);
            }),
        new StaleCase(
            "after a retry",
            t -> {
              Job first = t.claim();
              t.store.settle(failure(first, FAILED, START.plusSeconds(30)));
              return t.fullSuccess(first);
            }),
        new StaleCase(
            "after a retry, while the next attempt runs",
            t -> {
              Job first = t.claim();
              t.store.settle(failure(first, FAILED, START));
              t.claim();
              return t.fullSuccess(first);
            }),
        new StaleCase(
            "after the attempt was settled already",
            t -> {
              Job first = t.claim();
              t.store.settle(success(first, null, List.of()));
              return t.fullSuccess(first);
            }),
        new StaleCase(
            "before the job was claimed", t -> t.fullSuccess(t.store.find(t.rootId).orElseThrow())),
        new StaleCase(
            "for a job that does not exist",
            t ->
                new Settlement(
                    "no-such-job",
                    1,
                    SUCCEEDED,
                    null,
                    null,
                    "{\"a\":1}",
                    false,
                    AttemptLog.EMPTY,
                    List.of())));
  }

  private String rootId;

  private Settlement fullSuccess(Job job) {
    return Settlement.succeeded(
        job,
        "{\"cursor\":\"stale\"}",
        false,
        new AttemptLog(0, "stale stderr", "[]", "stale result"),
        List.of(child("analyzer", job.id(), "event-1")));
  }

  @ParameterizedTest(name = "refused {0}")
  @MethodSource("staleSettles")
  void aStaleSettleIsRefusedAndChangesNothing(StaleCase staleCase) {
    store.replace(PLUGIN, "{\"cursor\":\"current\"}");
    rootId = enqueue(poll(PLUGIN));
    Settlement stale = staleCase.arrange().apply(this);
    Snapshot before = snapshot();

    clock.advance(Duration.ofSeconds(5));
    assertThatThrownBy(() -> store.settle(stale))
        .isInstanceOf(StaleSettlementException.class)
        .hasMessageStartingWith("refused settle of job " + stale.jobId() + " attempt 1: ");

    assertThat(snapshot()).isEqualTo(before);
    assertThat(store.get(PLUGIN)).isEqualTo("{\"cursor\":\"current\"}");
  }

  @Test
  void theRefusalSaysWhatTheJobIsNow() {
    String id = enqueue(poll(PLUGIN));
    Job first = claim();
    store.recoverOrphans();

    assertThatThrownBy(() -> store.settle(success(first, null, List.of())))
        .hasMessage(
            "refused settle of job " + id + " attempt 1: the job is now queued at attempt 2");
  }

  @Test
  void aRetryTimeInThePastMakesTheJobRunnableNowWithoutJumpingTheQueue() {
    String retried = enqueue(poll(PLUGIN));
    Job first = claim();
    clock.advance(RUN_TIME);
    String waiting = enqueue(poll("other"));
    clock.advance(Duration.ofMillis(1));
    store.settle(failure(first, FAILED, START.minusSeconds(60)));

    assertThat(claim().id()).isEqualTo(waiting);
    assertThat(claim().id()).isEqualTo(retried);
  }

  @Test
  void theRetriedJobKeepsTheErrorOfTheFailedAttempt() {
    String id = enqueue(poll(PLUGIN));
    Job first = claim();
    Instant retryAt = START.plusSeconds(30);
    store.settle(
        Settlement.failed(
            first, FAILED, "exit status 75 (EX_TEMPFAIL)", retryAt, AttemptLog.EMPTY));

    Job queued = job(id);
    assertThat(queued.lastError()).isEqualTo("exit status 75 (EX_TEMPFAIL)");
    assertThat(queued.startedAt()).isNull();
    assertThat(queued.nextRetryAt()).isEqualTo(retryAt);
    assertThat(store.nextDueAt()).contains(retryAt);
  }
}
