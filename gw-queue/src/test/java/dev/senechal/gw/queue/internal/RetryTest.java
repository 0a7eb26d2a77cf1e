package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobNotFoundException;
import dev.senechal.gw.queue.JobNotRetryableException;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.SubmittedBy;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An operator's retry of a failed job (SPEC §9, {@code job retry}). */
class RetryTest extends StoreTestSupport {

  /** A job of {@link #PLUGIN} that ran once and was dead-lettered. */
  private Job deadJob(String payload, String context) {
    enqueue(
        NewJob.of(PLUGIN, "handle", payload, SubmittedBy.WEBHOOK)
            .withMaxAttempts(1)
            .withDedupeKey("delivery-7")
            .withContext(context));
    clock.advance(Duration.ofSeconds(1));
    Job dead = store.settle(failure(claim(), JobStatus.FAILED, START.plusSeconds(60)));
    assertThat(dead.status()).isEqualTo(JobStatus.DEAD);
    clock.advance(Duration.ofMinutes(5));
    return dead;
  }

  @Test
  void aDeadJobIsReplayedAsANewQueuedJobLinkedToIt() {
    Job dead = deadJob("{\"n\":1}", "{\"origin_source\":\"webhook\",\"channel\":\"c-1\"}");

    Job retry = store.retry(dead.id(), null);

    assertThat(retry.id()).isNotEqualTo(dead.id());
    assertThat(retry.retryOf()).isEqualTo(dead.id());
    assertThat(retry.plugin()).isEqualTo(PLUGIN);
    assertThat(retry.command()).isEqualTo("handle");
    assertThat(retry.payload()).isEqualTo("{\"n\":1}");
    assertThat(retry.context()).isEqualTo(dead.context());
    assertThat(retry.status()).isEqualTo(JobStatus.QUEUED);
    assertThat(retry.attempt()).isEqualTo(1);
    assertThat(retry.maxAttempts()).isEqualTo(1);
    assertThat(retry.submittedBy()).isEqualTo(SubmittedBy.CLI);
    assertThat(retry.dedupeKey()).isNull();
    assertThat(retry.parentJobId()).isNull();
    assertThat(retry.createdAt()).isEqualTo(clock.instant());
    assertThat(job(retry.id())).isEqualTo(retry);
    assertThat(store.retries(dead.id())).containsExactly(retry);
    assertThat(job(dead.id()).status()).as("the original stays as it was").isEqualTo(JobStatus.DEAD);
    assertThat(claim().id()).as("the retry is claimable at once").isEqualTo(retry.id());
  }

  @Test
  void anEditedPayloadReplacesTheOriginalOneAndMustBeAJsonObject() {
    Job dead = deadJob("{\"n\":1}", null);

    assertThatThrownBy(() -> store.retry(dead.id(), "[1, 2]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payload of the retry of job " + dead.id())
        .hasMessageContaining("must be a JSON object");
    assertThatThrownBy(() -> store.retry(dead.id(), "{oops"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not valid JSON");
    assertThat(store.retries(dead.id())).as("nothing was enqueued").isEmpty();

    Job retry = store.retry(dead.id(), "{ \"n\": 2, \"fixed\": true }");

    assertThat(retry.payload()).isEqualTo("{\"n\":2,\"fixed\":true}");
    assertThat(retry.context()).isNull();
    assertThat(job(dead.id()).payload()).isEqualTo("{\"n\":1}");
  }

  @Test
  void failedAndTimedOutJobsThatNoRetryFollowsCanBeRetried() {
    enqueue(poll(PLUGIN));
    Job failed = store.settle(failure(claim(), JobStatus.FAILED, null));
    enqueue(poll(PLUGIN));
    Job timedOut = store.settle(failure(claim(), JobStatus.TIMED_OUT, null));
    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(timedOut.status()).isEqualTo(JobStatus.TIMED_OUT);

    assertThat(store.retry(failed.id(), null).retryOf()).isEqualTo(failed.id());
    assertThat(store.retry(timedOut.id(), null).retryOf()).isEqualTo(timedOut.id());
  }

  @Test
  void queuedRunningAndSucceededJobsAreRefusedWithTheirStatus() {
    String succeeded = enqueue(poll(PLUGIN));
    store.settle(success(claim(), null, List.of()));
    String running = enqueue(poll(PLUGIN));
    claim();
    // A job whose failed attempt is retried automatically is queued again.
    String retrying = enqueue(poll(PLUGIN));
    store.settle(failure(claim(), JobStatus.FAILED, START.plusSeconds(30)));
    assertThat(job(retrying).status()).isEqualTo(JobStatus.QUEUED);
    Snapshot before = snapshot();

    for (var refused :
        List.of(
            List.of(succeeded, "succeeded"), List.of(running, "running"),
            List.of(retrying, "queued"))) {
      String id = refused.get(0);
      assertThatThrownBy(() -> store.retry(id, null))
          .isInstanceOfSatisfying(
              JobNotRetryableException.class,
              e -> {
                assertThat(e.jobId()).isEqualTo(id);
                assertThat(e.status().wireName()).isEqualTo(refused.get(1));
              })
          .hasMessage(
              "cannot retry job "
                  + id
                  + ": it is "
                  + refused.get(1)
                  + "; only failed, timed_out and dead jobs can be retried");
    }
    assertThat(snapshot()).as("nothing was written").isEqualTo(before);
  }

  @Test
  void aJobIsRetriedOnlyOnceSoARepeatedBulkRetryReplaysNothingTwice() {
    Job dead = deadJob("{}", null);
    Job retry = store.retry(dead.id(), null);

    assertThatThrownBy(() -> store.retry(dead.id(), null))
        .isInstanceOf(JobNotRetryableException.class)
        .hasMessage(
            "cannot retry job "
                + dead.id()
                + ": it was already retried as job "
                + retry.id()
                + " (queued); retry that job instead");
    assertThat(store.retries(dead.id())).containsExactly(retry);
  }

  @Test
  void anUnknownJobIsNamed() {
    assertThatThrownBy(() -> store.retry("no-such-job", null))
        .isInstanceOf(JobNotFoundException.class)
        .hasMessage("no job no-such-job");
  }
}
