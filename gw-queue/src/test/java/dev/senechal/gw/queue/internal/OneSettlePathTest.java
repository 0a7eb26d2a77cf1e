package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.senechal.gw.queue.AttemptLog;
import dev.senechal.gw.queue.BreakerState;
import dev.senechal.gw.queue.CircuitState;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.SettleSource;
import dev.senechal.gw.queue.SettledAttempt;
import dev.senechal.gw.queue.Settlement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Every outcome, whoever produces it (the dispatcher, crash recovery, a reload), goes through the
 * same settle: the same job and job-log rows, one log line of the same form, one report to the
 * same listeners, the same counts; a breaker count commits with its settle or not at all.
 */
class OneSettlePathTest extends StoreTestSupport {
  private final List<SettledAttempt> reported = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> lines =
      new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
          event.prepareForDeferredProcessing(); // keeps the MDC of the reporting thread
          super.append(event);
        }
      };
  private final Logger logger = (Logger) LoggerFactory.getLogger(SqliteStore.class);

  @BeforeEach
  void listen() {
    store.addSettleListener(reported::add);
    lines.start();
    logger.setLevel(Level.INFO);
    logger.setAdditive(false); // captured, not printed
    logger.addAppender(lines);
  }

  @AfterEach
  void stopListening() {
    logger.detachAppender(lines);
    logger.setAdditive(true);
    logger.setLevel(null);
  }

  @Test
  void aDeadLetterFromTheDispatcherRecoveryOrAReloadLooksTheSameEverywhere() {
    // The dispatcher: the last attempt fails.
    String byDispatcher = enqueue(poll("a").withMaxAttempts(1));
    Job running = claim();
    clock.advance(Duration.ofSeconds(2));
    store.settle(
        Settlement.failed(running, JobStatus.FAILED, "exit status 1", START, AttemptLog.EMPTY));
    // Crash recovery: the last attempt was running when the daemon stopped.
    String byRecovery = enqueue(poll("b").withMaxAttempts(1));
    claim();
    clock.advance(Duration.ofSeconds(2));
    store.recoverOrphans();
    // A reload: the plugin was removed while its job waited.
    String byReload = enqueue(poll("c"));
    clock.advance(Duration.ofSeconds(2));
    String reason = "plugin c was removed from the config by a reload";
    store.deadLetterQueued("c", reason);
    store.awaitReported();

    List<String> ids = List.of(byDispatcher, byRecovery, byReload);
    assertThat(ids)
        .extracting(id -> job(id).status(), id -> job(id).completedAt() != null)
        .containsOnly(org.assertj.core.groups.Tuple.tuple(JobStatus.DEAD, true));
    assertThat(job(byDispatcher).lastError()).isEqualTo("dead after 1 of 1 attempts: exit status 1");
    assertThat(job(byRecovery).lastError())
        .isEqualTo("dead: the daemon stopped while attempt 1 was running, the last of 1 attempts");
    assertThat(job(byReload).lastError()).isEqualTo(reason);

    // One job-log row each, written by the same statement: the attempt, its outcome, its error.
    for (String id : ids) {
      List<JobLogEntry> rows = store.attempts(id);
      assertThat(rows).hasSize(1);
      JobLogEntry row = rows.get(0);
      assertThat(row.jobId()).isEqualTo(id);
      assertThat(row.attempt()).isEqualTo(1);
      assertThat(row.completedAt()).isEqualTo(job(id).completedAt());
      assertThat(row.error()).isNotBlank();
    }
    assertThat(store.attempts(byDispatcher).get(0).status()).isEqualTo(JobStatus.FAILED);
    assertThat(store.attempts(byRecovery).get(0).status()).isEqualTo(JobStatus.FAILED);
    assertThat(store.attempts(byReload).get(0).status()).isEqualTo(JobStatus.DEAD);

    // One line each, of one form, at one level, naming the job in its MDC.
    List<ILoggingEvent> errors =
        lines.list.stream().filter(e -> e.getLevel() == Level.ERROR).toList();
    assertThat(errors)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "a poll is dead: " + job(byDispatcher).lastError(),
            "b poll is dead: " + job(byRecovery).lastError(),
            "c poll is dead: " + reason);
    assertThat(errors)
        .extracting(e -> e.getMDCPropertyMap().get("job_id"))
        .containsExactlyElementsOf(ids);

    // One report each to the same listeners, and the same counts.
    assertThat(reported)
        .extracting(r -> r.job().id(), SettledAttempt::source, SettledAttempt::isFinal)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(byDispatcher, SettleSource.DISPATCH, true),
            org.assertj.core.groups.Tuple.tuple(byRecovery, SettleSource.RECOVERY, true),
            org.assertj.core.groups.Tuple.tuple(byReload, SettleSource.RELOAD, true));
    assertThat(reported).extracting(SettledAttempt::job).containsExactly(
        job(byDispatcher), job(byRecovery), job(byReload));
    assertThat(store.countByStatus()).containsEntry(JobStatus.DEAD, 3).hasSize(1);
    // Only an attempt the dispatcher settled as counted touches a breaker (none was here).
    assertThat(store.breakers()).isEmpty();
  }

  @Test
  void aRecoveredRequeueIsLoggedAndReportedLikeARetry() {
    String id = enqueue(poll(PLUGIN).withMaxAttempts(3));
    claim();

    store.recoverOrphans();

    assertThat(lines.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .singleElement()
        .asString()
        .startsWith(PLUGIN + " poll attempt 1 failed; re-queued as attempt 2")
        .endsWith("recovered after the daemon stopped while attempt 1 was running");
    assertThat(reported).singleElement().satisfies(r -> {
      assertThat(r.isFinal()).isFalse();
      assertThat(r.attempt()).isEqualTo(1);
      assertThat(r.job()).isEqualTo(job(id));
    });
  }

  @Test
  void aSteadyStreamOfSettlesKeepsTheWalSmallWithoutTheSettlerCheckpointing() throws Exception {
    java.nio.file.Path wal = java.nio.file.Path.of(databasePath() + "-wal");
    int jobs = 10 * SettleReporter.CHECKPOINT_EVERY;
    for (int i = 0; i < jobs; i++) {
      enqueue(poll(PLUGIN));
      Job running = claim();
      store.settle(
          Settlement.succeeded(running, "{\"n\":" + i + "}", false, AttemptLog.EMPTY, List.of()));
      store.awaitReported();
    }

    // Each job writes about a dozen 4 KB pages to the WAL. Without checkpoints the WAL would hold
    // all of them (~20 MB for these jobs); the writer's own backstop checkpoint is set far above.
    long pageBytes = 4096 + 24;
    assertThat(java.nio.file.Files.size(wal))
        .as("WAL bytes after %d jobs", jobs)
        .isLessThan(3L * 16 * SettleReporter.CHECKPOINT_EVERY * pageBytes);
    assertThat(SqliteStore.BACKSTOP_CHECKPOINT_PAGES * pageBytes)
        .as("the backstop alone would let the WAL grow past the bound")
        .isGreaterThan(3L * 16 * SettleReporter.CHECKPOINT_EVERY * pageBytes);
    assertThat(store.countByStatus()).containsEntry(JobStatus.SUCCEEDED, jobs);
  }

  @Test
  void aSettleAndItsBreakerCountAreCommittedTogether() {
    enqueue(poll(PLUGIN));
    Job running = claim();
    Settlement counted =
        Settlement.failed(running, JobStatus.FAILED, "exit status 1", null, AttemptLog.EMPTY)
            .countedByBreaker(1);
    // The second child breaks a CHECK constraint after the job row, the job-log row and the
    // breaker row were written inside the transaction.
    Settlement broken =
        new Settlement(
            counted.jobId(), counted.attempt(), counted.outcome(), counted.lastError(), null,
            null, false, AttemptLog.EMPTY,
            List.of(dev.senechal.gw.queue.NewJob.of("", "handle", "{}",
                dev.senechal.gw.queue.SubmittedBy.ROUTE)),
            1);

    org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.settle(broken))
        .hasMessageContaining("CHECK constraint failed");
    assertThat(store.breakers()).as("no count without its settle").isEmpty();
    assertThat(job(running.id()).status()).isEqualTo(JobStatus.RUNNING);

    store.settle(counted);

    // What another process (the CLI) sees on the same file: both, at once.
    try (QueueStore other = QueueStore.openSqlite(config(), clock)) {
      assertThat(other.find(running.id()).orElseThrow().status()).isEqualTo(JobStatus.FAILED);
      assertThat(other.breaker(PLUGIN, "poll"))
          .get()
          .extracting(BreakerState::state, BreakerState::consecutiveFailures)
          .containsExactly(CircuitState.OPEN, 1);
    }
    store.awaitReported();
    assertThat(reported).singleElement().satisfies(r -> {
      assertThat(r.breaker()).isNotNull();
      assertThat(r.breaker().before().isClean()).isTrue();
      assertThat(r.breaker().after().state()).isEqualTo(CircuitState.OPEN);
    });
  }
}
