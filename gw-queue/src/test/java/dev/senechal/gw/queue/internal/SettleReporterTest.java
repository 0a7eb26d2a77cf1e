package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.SettleSource;
import dev.senechal.gw.queue.SettledAttempt;
import dev.senechal.gw.queue.SubmittedBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The thread that syncs committed settles, then reports them, and checkpoints now and then. */
class SettleReporterTest {
  @TempDir Path dir;

  private static SettledAttempt outcome(int n) {
    Job job =
        new Job("job-" + n, "p", "poll", "{}", JobStatus.SUCCEEDED, 1, 1, SubmittedBy.CLI, null,
            Instant.EPOCH, Instant.EPOCH, Instant.EPOCH, null, null, null, null, null, null,
            null);
    return new SettledAttempt(job, 1, JobStatus.SUCCEEDED, SettleSource.DISPATCH, null);
  }

  @Test
  void reportsEveryOutcomeOnceInCommitOrderAndAwaitWaitsForThem() throws Exception {
    Path wal = Files.createFile(dir.resolve("state.db-wal"));
    List<String> reported = new CopyOnWriteArrayList<>();
    AtomicInteger checkpoints = new AtomicInteger();
    try (SettleReporter reporter =
        new SettleReporter(wal, true, o -> reported.add(o.job().id()),
            checkpoints::incrementAndGet)) {
      List<String> expected = new ArrayList<>();
      for (int batch = 0; batch < 50; batch++) {
        List<SettledAttempt> outcomes =
            IntStream.range(0, 3).mapToObj(i -> outcome(expected.size() + i))
                .toList();
        outcomes.forEach(o -> expected.add(o.job().id()));
        reporter.submit(outcomes);
      }

      reporter.awaitReported();

      assertThat(reported).containsExactlyElementsOf(expected);
      assertThat(checkpoints.get())
          .as("one checkpoint per %d outcomes or more", SettleReporter.CHECKPOINT_EVERY)
          .isBetween(1, 150 / SettleReporter.CHECKPOINT_EVERY);
    }
  }

  @Test
  void aListenerWaitingForReportsDoesNotWaitForItself() {
    Path wal = dir.resolve("state.db-wal");
    List<String> reported = new CopyOnWriteArrayList<>();
    SettleReporter[] self = new SettleReporter[1];
    try (SettleReporter reporter =
        new SettleReporter(
            wal,
            false,
            o -> {
              self[0].awaitReported(); // on the reporting thread: returns at once
              reported.add(o.job().id());
            },
            () -> {})) {
      self[0] = reporter;
      reporter.submit(List.of(outcome(1)));
      reporter.awaitReported();
      assertThat(reported).containsExactly("job-1");
    }
  }

  @Test
  void closeReportsWhatIsPendingAndALaterSettleIsStillReported() {
    Path wal = dir.resolve("state.db-wal");
    List<String> reported = new CopyOnWriteArrayList<>();
    SettleReporter reporter = new SettleReporter(wal, false, o -> reported.add(o.job().id()),
        () -> {});
    reporter.submit(List.of(outcome(1), outcome(2)));

    reporter.close();
    assertThat(reported).containsExactly("job-1", "job-2");

    reporter.submit(List.of(outcome(3)));
    assertThat(reported).containsExactly("job-1", "job-2", "job-3");
  }

  @Test
  void aWalThatCannotBeSyncedIsLoggedAndTheOutcomesAreStillReported() {
    Path missing = dir.resolve("no-such-dir").resolve("state.db-wal");
    Logger logger = (Logger) LoggerFactory.getLogger(SettleReporter.class);
    ListAppender<ILoggingEvent> lines = new ListAppender<>();
    lines.start();
    logger.setAdditive(false);
    logger.addAppender(lines);
    List<String> reported = new CopyOnWriteArrayList<>();
    try (SettleReporter reporter =
        new SettleReporter(missing, true, o -> reported.add(o.job().id()), () -> {})) {
      reporter.submit(List.of(outcome(1)));
      reporter.awaitReported();
    } finally {
      logger.detachAppender(lines);
      logger.setAdditive(true);
    }

    assertThat(reported).containsExactly("job-1");
    assertThat(lines.list)
        .filteredOn(e -> e.getLevel() == Level.ERROR)
        .extracting(ILoggingEvent::getFormattedMessage)
        .singleElement()
        .asString()
        .startsWith("cannot sync " + missing)
        .contains("may not survive a power loss");
  }
}
