package dev.senechal.gw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.SubmittedBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM while a job runs: what finishes within shutdown_grace is kept and never re-run. */
class StopIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private Path config(String grace) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "service: {tick_interval: 200ms, shutdown_grace: " + grace + "}\n"
            + "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + DaemonProcess.REPO.resolve("testing/plugins") + "\n"
            + "plugins:\n"
            + "  slow-ok: {timeouts: {poll: 60s}}\n");
    return file;
  }

  private QueueStore store() {
    return QueueStore.openSqlite(
        StoreConfig.defaults(dir.resolve("data/state.db")), Clock.systemUTC());
  }

  private String enqueueSlowJob(String seconds) {
    try (QueueStore store = store()) {
      return store.enqueue(
              NewJob.of("slow-ok", "poll", "{\"seconds\":" + seconds + "}", SubmittedBy.CLI))
          .jobId();
    }
  }

  private void awaitStatus(String id, JobStatus status) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (System.nanoTime() < deadline) {
      try (QueueStore store = store()) {
        if (store.find(id).orElseThrow().status() == status) {
          return;
        }
      }
      LockSupport.parkNanos(50_000_000L);
    }
    throw new AssertionError("job " + id + " never became " + status);
  }

  @Test
  void aJobFinishingWithinTheGraceIsRecordedSucceededAndNotRunAgain() throws Exception {
    Path file = config("20s");
    String id = enqueueSlowJob("2");
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", file.toString())) {
      daemon.awaitMessage("ready", WAIT);
      awaitStatus(id, JobStatus.RUNNING);
      daemon.signal("TERM");
      assertThat(daemon.awaitExit(WAIT)).isZero();
      assertThat(daemon.indexOf("slow-ok poll succeeded"))
          .as("the running job finished during the grace")
          .isGreaterThan(daemon.indexOf("stopping"));
    }
    try (QueueStore store = store()) {
      Job job = store.find(id).orElseThrow();
      assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(store.attempts(id)).hasSize(1);
    }

    try (DaemonProcess again = DaemonProcess.start("start", "--config", file.toString())) {
      again.awaitMessage("ready", WAIT);
      // Give a re-run every chance to happen: a second job queued behind it must run first.
      String marker = enqueueSlowJob("0");
      awaitStatus(marker, JobStatus.SUCCEEDED);
      again.signal("TERM");
      assertThat(again.awaitExit(WAIT)).isZero();
      assertThat(again.logs())
          .noneMatch(line -> line.path("message").asText().contains("orphaned job " + id));
    }
    try (QueueStore store = store()) {
      assertThat(store.attempts(id)).as("attempts of the job stopped in its grace").hasSize(1);
    }
  }

  @Test
  void aJobStillRunningAfterTheGraceIsKilledAndRecoveredOnTheNextStart() throws Exception {
    Path file = config("1s");
    String id = enqueueSlowJob("30");
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", file.toString())) {
      daemon.awaitMessage("ready", WAIT);
      awaitStatus(id, JobStatus.RUNNING);
      daemon.signal("TERM");
      assertThat(daemon.awaitExit(WAIT)).isZero();
      assertThat(daemon.stdout()).contains("killing plugin process group");
    }
    try (QueueStore store = store()) {
      assertThat(store.find(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
    }
    try (DaemonProcess again = DaemonProcess.start("start", "--config", file.toString())) {
      again.awaitMessage("re-queued as attempt 2", WAIT);
      again.signal("TERM");
      assertThat(again.awaitExit(WAIT)).isZero();
    }
  }
}
