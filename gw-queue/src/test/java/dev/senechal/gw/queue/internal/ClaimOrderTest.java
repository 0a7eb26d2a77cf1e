package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.queue.Job;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The dispatcher claims the oldest runnable job (SPEC §4: FIFO, no priorities). */
class ClaimOrderTest extends StoreTestSupport {

  @Test
  void jobsAreClaimedInTheOrderTheyWereEnqueuedEvenWithinOneMillisecond() {
    // Same timestamp for all: the order must come from insertion, not from the (random) ids.
    List<String> enqueued =
        IntStream.range(0, 200).mapToObj(i -> enqueue(poll("plugin-" + (i % 7)))).toList();

    List<String> claimed = new ArrayList<>();
    for (int i = 0; i < enqueued.size(); i++) {
      claimed.add(claim().id());
    }

    assertThat(claimed).containsExactlyElementsOf(enqueued);
    assertThat(store.claimNext()).isEmpty();
  }

  @Test
  void olderJobsComeFirstAcrossTime() {
    String first = enqueue(poll("a"));
    clock.advance(Duration.ofSeconds(1));
    String second = enqueue(poll("b"));
    clock.advance(Duration.ofSeconds(1));
    String third = enqueue(poll("a"));

    assertThat(List.of(claim().id(), claim().id(), claim().id()))
        .containsExactly(first, second, third);
  }

  @Test
  void aJobIsNotClaimedBeforeItsNotBefore() {
    Instant notBefore = START.plus(Duration.ofMinutes(10));
    String later = enqueue(poll("a").withNotBefore(notBefore));
    String now = enqueue(poll("b"));

    assertThat(claim().id()).isEqualTo(now);
    assertThat(store.claimNext()).isEmpty();
    assertThat(store.nextDueAt()).contains(notBefore);
    assertThat(job(later).nextRetryAt()).isEqualTo(notBefore);

    clock.set(notBefore.minusMillis(1));
    assertThat(store.claimNext()).isEmpty();
    clock.set(notBefore);
    Job claimed = claim();
    assertThat(claimed.id()).isEqualTo(later);
    assertThat(claimed.startedAt()).isEqualTo(notBefore);
  }

  @Test
  void aNotBeforeInThePastDoesNotJumpTheQueue() {
    String waiting = enqueue(poll("a"));
    clock.advance(Duration.ofSeconds(1));
    String pastDue = enqueue(poll("b").withNotBefore(START.minus(Duration.ofHours(1))));

    assertThat(claim().id()).isEqualTo(waiting);
    assertThat(claim().id()).isEqualTo(pastDue);
    assertThat(job(pastDue).nextRetryAt()).isNull();
  }

  @Test
  void aClaimTakesOneJobAtATime() {
    enqueue(poll("a"));
    enqueue(poll("b"));

    Job first = claim();

    assertThat(store.running()).containsExactly(first);
    assertThat(store.depth()).isEqualTo(2);
    assertThat(store.nextDueAt()).contains(START);
  }
}
