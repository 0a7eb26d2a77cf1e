package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A reload that removes a plugin dead-letters its queued jobs, and only those (SPEC §9). */
class DeadLetterQueuedTest extends StoreTestSupport {
  private static final String REASON = "plugin withings was removed from the config by a reload";

  @Test
  void everyQueuedJobOfThePluginBecomesDeadWithTheReasonAndAJobLogRow() {
    String running = enqueue(poll(PLUGIN));
    claim();
    String retried = enqueue(poll(PLUGIN));
    String fresh = enqueue(poll(PLUGIN));
    clock.advance(Duration.ofSeconds(1));
    // `retried` fails its first attempt and waits for its backoff: queued, not yet due.
    Job first = claim();
    assertThat(first.id()).isEqualTo(retried);
    store.settle(failure(first, JobStatus.FAILED, clock.instant().plus(Duration.ofHours(1))));
    String other = enqueue(poll("calendar"));
    clock.advance(Duration.ofSeconds(5));
    Instant now = clock.instant();

    List<Job> dead = store.deadLetterQueued(PLUGIN, REASON);

    assertThat(dead)
        .extracting(Job::id, Job::status, Job::lastError, Job::completedAt)
        .containsExactly(
            tuple(fresh, JobStatus.DEAD, REASON, now), tuple(retried, JobStatus.DEAD, REASON, now));
    assertThat(List.of(job(fresh), job(retried))).isEqualTo(dead);
    assertThat(job(retried).attempt()).isEqualTo(2);
    assertThat(store.attempts(retried))
        .extracting(JobLogEntry::attempt, JobLogEntry::status, JobLogEntry::error)
        .containsExactly(
            tuple(1, JobStatus.FAILED, "exit status 1"), tuple(2, JobStatus.DEAD, REASON));
    assertThat(store.attempts(fresh))
        .singleElement()
        .satisfies(
            entry -> {
              assertThat(entry.status()).isEqualTo(JobStatus.DEAD);
              assertThat(entry.error()).isEqualTo(REASON);
              assertThat(entry.completedAt()).isEqualTo(now);
              assertThat(entry.startedAt()).isNull();
            });
    assertThat(job(running).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(job(other).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(store.claimNext()).map(Job::id).contains(other);
  }

  @Test
  void aPluginWithNothingQueuedChangesNothing() {
    String other = enqueue(poll("calendar"));
    Snapshot before = snapshot();

    assertThat(store.deadLetterQueued(PLUGIN, REASON)).isEmpty();
    assertThat(snapshot()).isEqualTo(before);
    assertThat(job(other).status()).isEqualTo(JobStatus.QUEUED);
  }

  @Test
  void theDeadLetteringIsDurable() {
    String due = enqueue(poll(PLUGIN));
    store.deadLetterQueued(PLUGIN, REASON);
    store.close();

    store = SqliteStore.open(config(), clock);

    assertThat(job(due).status()).isEqualTo(JobStatus.DEAD);
    assertThat(job(due).lastError()).isEqualTo(REASON);
  }
}
