package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.QueueException;
import dev.senechal.gw.queue.ScheduleEntry;
import dev.senechal.gw.queue.SubmittedBy;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Stored schedule timings (SPEC §5): a restart neither redraws jitter nor forgets the time. */
class ScheduleStoreTest extends StoreTestSupport {
  private static final Instant NEXT = START.plus(Duration.ofHours(6));

  @Test
  void aScheduleNeverSeenHasNoEntry() {
    assertThat(store.find(PLUGIN, "poll")).isEmpty();
  }

  @Test
  void theDrawnNextRunIsStoredWithoutFiring() {
    store.setNextRun(PLUGIN, "poll", NEXT);
    assertThat(store.find(PLUGIN, "poll")).contains(new ScheduleEntry(PLUGIN, "poll", null, NEXT));

    store.fire(PLUGIN, "poll", START, NEXT, null);
    store.setNextRun(PLUGIN, "poll", NEXT.plusSeconds(60));

    assertThat(store.find(PLUGIN, "poll"))
        .contains(new ScheduleEntry(PLUGIN, "poll", START, NEXT.plusSeconds(60)));
    assertThat(store.find(PLUGIN, "other")).isEmpty();
  }

  @Test
  void firingEnqueuesTheJobAndAdvancesTheSchedule() {
    Optional<EnqueueResult> result = store.fire(PLUGIN, "poll", START, NEXT, poll(PLUGIN));

    assertThat(result).hasValueSatisfying(r -> assertThat(r.deduplicated()).isFalse());
    assertThat(job(result.get().jobId()).submittedBy()).isEqualTo(SubmittedBy.SCHEDULER);
    assertThat(store.find(PLUGIN, "poll")).contains(new ScheduleEntry(PLUGIN, "poll", START, NEXT));
  }

  @Test
  void firingWithoutAJobOnlyAdvances() {
    assertThat(store.fire(PLUGIN, "poll", START, NEXT, null)).isEmpty();

    assertThat(store.depth()).isZero();
    assertThat(store.find(PLUGIN, "poll")).contains(new ScheduleEntry(PLUGIN, "poll", START, NEXT));
  }

  @Test
  void aDeduplicatedFireStillAdvances() {
    String existing = enqueue(poll(PLUGIN).withDedupeKey("poll:" + PLUGIN));

    Optional<EnqueueResult> result =
        store.fire(PLUGIN, "poll", START, NEXT, poll(PLUGIN).withDedupeKey("poll:" + PLUGIN));

    assertThat(result).contains(new EnqueueResult(existing, true));
    assertThat(store.find(PLUGIN, "poll")).contains(new ScheduleEntry(PLUGIN, "poll", START, NEXT));
  }

  @Test
  void aFireThatCannotEnqueueDoesNotAdvance() {
    store.setNextRun(PLUGIN, "poll", START);
    NewJob broken = NewJob.of(PLUGIN, "", "{}", SubmittedBy.SCHEDULER);

    assertThatThrownBy(() -> store.fire(PLUGIN, "poll", START, NEXT, broken))
        .isInstanceOf(QueueException.class)
        .hasMessageStartingWith("cannot fire schedule poll of plugin " + PLUGIN);

    assertThat(store.find(PLUGIN, "poll")).contains(new ScheduleEntry(PLUGIN, "poll", null, START));
    assertThat(store.depth()).isZero();
  }
}
