package dev.senechal.gw.queue.internal;

import dev.senechal.gw.queue.AttemptLog;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.Settlement;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.SubmittedBy;
import dev.senechal.gw.queue.testing.MutableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real store in a temporary directory, on a clock the test moves, and a few job helpers. */
abstract class StoreTestSupport {
  static final Instant START = Instant.parse("2026-02-08T10:00:00Z");
  static final String PLUGIN = "withings";

  @TempDir Path dir;
  final MutableClock clock = new MutableClock(START);
  SqliteStore store;

  @BeforeEach
  void openStore() {
    store = SqliteStore.open(config(), clock);
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  Path databasePath() {
    return dir.resolve("data").resolve("state.db");
  }

  StoreConfig config() {
    return StoreConfig.defaults(databasePath());
  }

  static NewJob poll(String plugin) {
    return NewJob.of(plugin, "poll", "{}", SubmittedBy.SCHEDULER);
  }

  static NewJob child(String plugin, String parentId, String eventId) {
    return NewJob.of(plugin, "handle", "{\"event\":\"" + eventId + "\"}", SubmittedBy.ROUTE)
        .withParent(parentId, eventId)
        .withContext("{\"origin_source\":\"schedule\"}");
  }

  String enqueue(NewJob job) {
    return store.enqueue(job).jobId();
  }

  Job claim() {
    return store.claimNext().orElseThrow(() -> new AssertionError("nothing to claim"));
  }

  Job job(String id) {
    return store.find(id).orElseThrow(() -> new AssertionError("no job " + id));
  }

  static Settlement success(Job job, String stateUpdates, List<NewJob> children) {
    return Settlement.succeeded(job, stateUpdates, false, AttemptLog.EMPTY, children);
  }

  static Settlement failure(Job job, JobStatus outcome, Instant retryAt) {
    return Settlement.failed(job, outcome, "exit status 1", retryAt, AttemptLog.EMPTY);
  }

  /** Everything a settle could change, to show that a refused one changed nothing. */
  record Snapshot(List<Job> jobs, String state, List<List<JobLogEntry>> log) {}

  Snapshot snapshot() {
    List<Job> jobs = store.list(JobQuery.all(1000));
    return new Snapshot(
        jobs, store.get(PLUGIN), jobs.stream().map(j -> store.attempts(j.id())).toList());
  }

  List<Job> children(String parentId) {
    return store.list(JobQuery.all(1000)).stream()
        .filter(j -> parentId.equals(j.parentJobId()))
        .toList();
  }
}
