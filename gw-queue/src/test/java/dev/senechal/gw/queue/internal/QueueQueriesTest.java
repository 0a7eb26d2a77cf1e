package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.senechal.gw.queue.AttemptLog;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.ProcessRef;
import dev.senechal.gw.queue.Settlement;
import dev.senechal.gw.queue.SubmittedBy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the scheduler, dispatcher, CLI and API read from the queue. */
class QueueQueriesTest extends StoreTestSupport {

  @Test
  void anEnqueuedJobIsStoredAsGiven() {
    NewJob newJob =
        NewJob.of(PLUGIN, "handle", "{\"a\":[1,2]}", SubmittedBy.WEBHOOK)
            .withMaxAttempts(7)
            .withDedupeKey("delivery-9")
            .withContext("{\"origin_source\":\"webhook\"}");

    Job job = job(enqueue(newJob));

    assertThat(job)
        .isEqualTo(
            new Job(
                job.id(),
                PLUGIN,
                "handle",
                "{\"a\":[1,2]}",
                JobStatus.QUEUED,
                1,
                7,
                SubmittedBy.WEBHOOK,
                "delivery-9",
                START,
                null,
                null,
                null,
                null,
                null,
                null,
                "{\"origin_source\":\"webhook\"}",
                null,
                null));
    assertThat(job.id()).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}");
  }

  @Test
  void countsJobsPerStatusAndListsAJobsChildrenInEnqueueOrder() {
    String parent = enqueue(poll(PLUGIN));
    enqueue(poll(PLUGIN));
    Job running = claim();
    assertThat(running.id()).isEqualTo(parent);
    store.settle(
        Settlement.succeeded(
            running,
            null,
            false,
            AttemptLog.EMPTY,
            List.of(child("b", parent, "e-2"), child("a", parent, "e-1"))));

    assertThat(store.countByStatus())
        .containsEntry(JobStatus.SUCCEEDED, 1)
        .containsEntry(JobStatus.QUEUED, 3)
        .doesNotContainKey(JobStatus.RUNNING);
    assertThat(store.children(parent))
        .extracting(Job::plugin, Job::sourceEventId)
        .containsExactly(tuple("b", "e-2"), tuple("a", "e-1"));
    assertThat(store.children("no-such-job")).isEmpty();
  }

  @Test
  void theJobLogIsReadAsATailAndAfterAPosition() {
    for (String plugin : List.of("a", "b", "a", "a")) {
      enqueue(poll(plugin));
      Job running = claim();
      store.settle(Settlement.succeeded(running, null, false,
          new AttemptLog(0, "", "[]", "done " + plugin), List.of()));
    }

    List<dev.senechal.gw.queue.JobLogLine> tail = store.jobLogTail(null, 3);
    assertThat(tail).extracting(l -> l.entry().plugin()).containsExactly("b", "a", "a");
    assertThat(tail).extracting(dev.senechal.gw.queue.JobLogLine::id).isSorted();
    assertThat(store.jobLogTail("a", 10)).hasSize(3);

    long last = tail.get(tail.size() - 1).id();
    assertThat(store.jobLogAfter(null, last, 10)).isEmpty();
    enqueue(poll("b"));
    Job running = claim();
    store.settle(Settlement.succeeded(running, null, false, AttemptLog.EMPTY, List.of()));
    assertThat(store.jobLogAfter(null, last, 10))
        .extracting(l -> l.entry().plugin(), l -> l.entry().status())
        .containsExactly(tuple("b", JobStatus.SUCCEEDED));
    assertThat(store.jobLogAfter("a", last, 10)).isEmpty();
    assertThat(store.jobLogAfter(null, tail.get(0).id(), 2)).hasSize(2);
  }

  @Test
  void depthAndOutstandingCountQueuedAndRunningJobs() {
    enqueue(poll(PLUGIN));
    enqueue(poll(PLUGIN));
    enqueue(NewJob.of(PLUGIN, "handle", "{}", SubmittedBy.API));
    enqueue(poll("other"));
    Job first = claim();
    Job second = claim();
    store.settle(success(second, null, List.of()));

    assertThat(first.plugin()).isEqualTo(PLUGIN);
    assertThat(store.depth()).isEqualTo(3);
    assertThat(store.countOutstanding(PLUGIN, "poll")).isEqualTo(1);
    assertThat(store.countOutstanding(PLUGIN, "handle")).isEqualTo(1);
    assertThat(store.countOutstanding("other", "poll")).isEqualTo(1);
    assertThat(store.countOutstanding("unknown", "poll")).isZero();
  }

  @Test
  void nextDueAtIsTheEarliestQueuedRunnableTime() {
    assertThat(store.nextDueAt()).isEmpty();
    Instant later = START.plus(Duration.ofMinutes(5));
    enqueue(poll(PLUGIN).withNotBefore(later));
    enqueue(poll(PLUGIN).withNotBefore(START.plus(Duration.ofMinutes(9))));
    assertThat(store.nextDueAt()).contains(later);

    enqueue(poll(PLUGIN));
    assertThat(store.nextDueAt()).contains(START);

    claim();
    assertThat(store.nextDueAt()).contains(later);
  }

  @Test
  void runningListsRunningJobsOldestFirst() {
    String a = enqueue(poll("a"));
    String b = enqueue(poll("b"));
    enqueue(poll("c"));
    claim();
    clock.advance(Duration.ofSeconds(1));
    claim();

    assertThat(store.running()).extracting(Job::id).containsExactly(a, b);
  }

  @Test
  void listFiltersByStatusAndPluginNewestFirst() {
    List<String> ids = new ArrayList<>();
    for (String plugin : List.of("a", "b", "a", "b", "a")) {
      ids.add(enqueue(poll(plugin)));
      clock.advance(Duration.ofSeconds(1));
    }
    claim();

    assertThat(store.list(JobQuery.all(10)))
        .extracting(Job::id)
        .containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1), ids.get(0));
    assertThat(store.list(JobQuery.all(2)))
        .extracting(Job::id)
        .containsExactly(ids.get(4), ids.get(3));
    assertThat(store.list(new JobQuery(null, "a", 10)))
        .extracting(Job::id)
        .containsExactly(ids.get(4), ids.get(2), ids.get(0));
    assertThat(store.list(new JobQuery(JobStatus.QUEUED, null, 10)))
        .extracting(Job::id)
        .containsExactly(ids.get(4), ids.get(3), ids.get(2), ids.get(1));
    assertThat(store.list(new JobQuery(JobStatus.QUEUED, "a", 10)))
        .extracting(Job::id)
        .containsExactly(ids.get(4), ids.get(2));
    assertThat(store.list(new JobQuery(JobStatus.DEAD, null, 10))).isEmpty();
  }

  @Test
  void findOfAnUnknownJobIsEmpty() {
    assertThat(store.find("no-such-job")).isEmpty();
    assertThat(store.attempts("no-such-job")).isEmpty();
    assertThat(store.dedupeHits("no-such-job")).isZero();
  }

  @Test
  void theJobLogListsEveryAttemptOldestFirst() {
    String id = enqueue(poll(PLUGIN));
    Job first = claim();
    store.settle(
        Settlement.failed(
            first,
            JobStatus.TIMED_OUT,
            "timed out after 60s",
            START,
            new AttemptLog(null, "", null, null)));
    clock.advance(Duration.ofSeconds(1));
    Job second = claim();
    store.settle(success(second, null, List.of()));

    assertThat(store.attempts(id))
        .extracting(JobLogEntry::attempt, JobLogEntry::status, JobLogEntry::error)
        .containsExactly(
            tuple(1, JobStatus.TIMED_OUT, "timed out after 60s"),
            tuple(2, JobStatus.SUCCEEDED, null));
  }

  @Test
  void pruningDeletesJobLogRowsCompletedBeforeTheCutoff() {
    String old = enqueue(poll(PLUGIN));
    store.settle(success(claim(), null, List.of()));
    clock.advance(Duration.ofDays(31));
    String recent = enqueue(poll(PLUGIN));
    store.settle(success(claim(), null, List.of()));

    int pruned = store.pruneJobLog(clock.instant().minus(Duration.ofDays(30)));

    assertThat(pruned).isEqualTo(1);
    assertThat(store.attempts(old)).isEmpty();
    assertThat(store.attempts(recent)).hasSize(1);
    assertThat(job(old).status()).as("the job itself stays").isEqualTo(JobStatus.SUCCEEDED);
  }

  @Test
  void theProcessOfTheCurrentAttemptIsRecordedAndClearedWhenItEnds() {
    String id = enqueue(poll(PLUGIN));
    Job running = claim();
    ProcessRef process = new ProcessRef(31337, 31337, START.plusMillis(5));

    store.recordProcess(id, running.attempt(), process);
    assertThat(job(id).process()).isEqualTo(process);
    assertThat(store.running()).extracting(Job::process).containsExactly(process);

    store.settle(failure(running, JobStatus.FAILED, START.plusSeconds(30)));
    assertThat(job(id).process()).isNull();
  }

  @Test
  void aProcessForAnAttemptThatIsNotRunningIsIgnored() {
    String id = enqueue(poll(PLUGIN));
    store.recordProcess(id, 1, new ProcessRef(1, 1, START));
    assertThat(job(id).process()).as("queued, not running").isNull();

    Job running = claim();
    store.recordProcess(id, running.attempt() + 1, new ProcessRef(2, 2, START));
    store.recordProcess("no-such-job", 1, new ProcessRef(3, 3, START));

    assertThat(job(id).process()).isNull();
  }

  @Test
  void listenersRunAfterTheCommitAndOnlyWhenAJobWasAdded() {
    List<List<Job>> seenByListener = new ArrayList<>();
    store.addEnqueueListener(() -> seenByListener.add(store.list(JobQuery.all(10))));
    store.addEnqueueListener(
        () -> {
          throw new IllegalStateException("a broken listener");
        });

    String id = store.enqueue(poll(PLUGIN).withDedupeKey("k")).jobId();
    store.enqueue(poll(PLUGIN).withDedupeKey("k"));

    assertThat(seenByListener)
        .as("the listener sees the committed job, once; the broken listener harms nothing")
        .singleElement()
        .satisfies(jobs -> assertThat(jobs).extracting(Job::id).containsExactly(id));
    assertThat(store.depth()).isEqualTo(1);

    claim();
    store.recoverOrphans();
    assertThat(seenByListener).as("a recovered job is runnable again").hasSize(2);
  }
}
