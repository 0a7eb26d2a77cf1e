package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.SubmittedBy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Dedupe by key within the TTL (SPEC §4); the TTL is 24 hours by default. */
class DedupeTest extends StoreTestSupport {
  private static final Duration TTL = Duration.ofHours(24);

  private String succeededJob(NewJob job) {
    String id = enqueue(job);
    Job running = claim();
    assertThat(running.id()).isEqualTo(id);
    store.settle(success(running, null, List.of()));
    return id;
  }

  @Test
  void aKeyThatSucceededWithinTheTtlReturnsTheExistingJobAndCountsTheHit() {
    String existing = succeededJob(poll(PLUGIN).withDedupeKey("delivery-1"));
    AtomicInteger notified = new AtomicInteger();
    store.addEnqueueListener(notified::incrementAndGet);

    clock.advance(TTL.minusSeconds(1));
    EnqueueResult first = store.enqueue(poll(PLUGIN).withDedupeKey("delivery-1"));
    EnqueueResult second = store.enqueue(poll(PLUGIN).withDedupeKey("delivery-1"));

    assertThat(first).isEqualTo(new EnqueueResult(existing, true));
    assertThat(second).isEqualTo(new EnqueueResult(existing, true));
    assertThat(store.depth()).isZero();
    assertThat(store.dedupeHits(existing)).isEqualTo(2);
    assertThat(store.dedupeHits()).isEqualTo(2);
    assertThat(notified).as("nothing was enqueued, nobody is woken").hasValue(0);
  }

  @Test
  void afterTheTtlTheSameKeyIsEnqueuedAgain() {
    String existing = succeededJob(poll(PLUGIN).withDedupeKey("delivery-1"));

    clock.advance(TTL);
    assertThat(store.enqueue(poll(PLUGIN).withDedupeKey("delivery-1")).deduplicated())
        .as("exactly at the TTL it still counts")
        .isTrue();
    clock.advance(Duration.ofMillis(1));
    EnqueueResult later = store.enqueue(poll(PLUGIN).withDedupeKey("delivery-1"));

    assertThat(later.deduplicated()).isFalse();
    assertThat(later.jobId()).isNotEqualTo(existing);
    assertThat(job(later.jobId()).dedupeKey()).isEqualTo("delivery-1");
    assertThat(store.depth()).isEqualTo(1);
  }

  @Test
  void aQueuedOrRunningJobWithTheKeyIsAHitToo() {
    String queued = enqueue(poll(PLUGIN).withDedupeKey("k"));
    assertThat(store.enqueue(poll(PLUGIN).withDedupeKey("k")))
        .isEqualTo(new EnqueueResult(queued, true));

    claim();
    assertThat(store.enqueue(poll(PLUGIN).withDedupeKey("k")))
        .isEqualTo(new EnqueueResult(queued, true));
    assertThat(store.dedupeHits(queued)).isEqualTo(2);
  }

  @Test
  void aFailedOrDeadJobDoesNotBlockItsKey() {
    String failed = enqueue(poll(PLUGIN).withDedupeKey("k"));
    store.settle(failure(claim(), JobStatus.DEAD, null));

    EnqueueResult again = store.enqueue(poll(PLUGIN).withDedupeKey("k"));

    assertThat(again.deduplicated()).isFalse();
    assertThat(again.jobId()).isNotEqualTo(failed);
  }

  @Test
  void theKeyAloneDecides() {
    String existing = succeededJob(poll(PLUGIN).withDedupeKey("event-7:analyzer"));

    assertThat(
            store.enqueue(
                NewJob.of("other-plugin", "handle", "{\"x\":1}", SubmittedBy.ROUTE)
                    .withDedupeKey("event-7:analyzer")))
        .as("same key, different plugin and payload")
        .isEqualTo(new EnqueueResult(existing, true));
    assertThat(store.enqueue(poll(PLUGIN).withDedupeKey("event-7:notifier")).deduplicated())
        .as("different key, same plugin")
        .isFalse();
    assertThat(store.enqueue(poll(PLUGIN)).deduplicated()).as("no key").isFalse();
    assertThat(store.enqueue(poll(PLUGIN)).deduplicated()).as("no key, again").isFalse();
    assertThat(store.depth()).isEqualTo(3);
  }

  @Test
  void childrenOfASettleAreDeduplicatedToo() {
    String existing = succeededJob(poll("analyzer").withDedupeKey("event-1:analyzer"));
    String parent = enqueue(poll(PLUGIN));
    Job running = claim();

    store.settle(
        success(
            running,
            null,
            List.of(child("analyzer", parent, "event-1").withDedupeKey("event-1:analyzer"))));

    assertThat(children(parent)).isEmpty();
    assertThat(store.dedupeHits(existing)).isEqualTo(1);
  }

  @Test
  void dedupeHitsAreKeptAsLongAsTheJobLog() {
    String existing = succeededJob(poll(PLUGIN).withDedupeKey("k"));
    store.enqueue(poll(PLUGIN).withDedupeKey("k"));
    clock.advance(Duration.ofDays(2));

    store.pruneJobLog(clock.instant().minus(Duration.ofDays(1)));

    assertThat(store.dedupeHits(existing)).isZero();
    assertThat(store.dedupeHits()).isZero();
  }
}
