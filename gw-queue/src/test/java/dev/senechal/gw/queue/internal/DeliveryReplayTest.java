package dev.senechal.gw.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.queue.Delivery;
import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.QueueException;
import dev.senechal.gw.queue.SubmittedBy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Webhook deliveries: one transaction per batch, delivery ids remembered 7 days (SPEC §8). */
class DeliveryReplayTest extends StoreTestSupport {

  private static Delivery delivery(String endpoint, String id) {
    return new Delivery(
        endpoint, id, NewJob.of(PLUGIN, "handle", "{\"id\":\"" + id + "\"}", SubmittedBy.WEBHOOK));
  }

  @Test
  void aBatchEnqueuesEveryJobAndWakesTheDispatcherOnce() {
    AtomicInteger notified = new AtomicInteger();
    store.addEnqueueListener(notified::incrementAndGet);

    List<EnqueueResult> results =
        store.enqueueDeliveries(
            List.of(delivery("/hook/a", "d1"), delivery("/hook/a", "d2"), delivery("/hook/b", "d1")));

    assertThat(results).hasSize(3).noneMatch(EnqueueResult::deduplicated);
    assertThat(results).extracting(EnqueueResult::jobId).doesNotHaveDuplicates();
    assertThat(store.depth()).isEqualTo(3);
    assertThat(job(results.get(1).jobId()).payload()).isEqualTo("{\"id\":\"d2\"}");
    assertThat(job(results.get(1).jobId()).submittedBy()).isEqualTo(SubmittedBy.WEBHOOK);
    assertThat(notified).hasValue(1);
  }

  @Test
  void aRepeatedIdWithinSevenDaysReturnsTheOriginalJobAndEnqueuesNothing() {
    String original = store.enqueueDeliveries(List.of(delivery("/hook/a", "d1"))).get(0).jobId();

    clock.advance(Delivery.REPLAY_WINDOW);
    List<EnqueueResult> again =
        store.enqueueDeliveries(List.of(delivery("/hook/a", "d1"), delivery("/hook/a", "d9")));

    assertThat(again.get(0)).isEqualTo(new EnqueueResult(original, true));
    assertThat(again.get(1).deduplicated()).isFalse();
    assertThat(store.depth()).isEqualTo(2);
  }

  @Test
  void theSameIdTwiceInOneBatchIsEnqueuedOnce() {
    List<EnqueueResult> results =
        store.enqueueDeliveries(List.of(delivery("/hook/a", "d1"), delivery("/hook/a", "d1")));

    assertThat(results.get(1)).isEqualTo(new EnqueueResult(results.get(0).jobId(), true));
    assertThat(store.depth()).isEqualTo(1);
  }

  @Test
  void afterSevenDaysTheIdIsForgottenAndPruned() {
    String original = store.enqueueDeliveries(List.of(delivery("/hook/a", "d1"))).get(0).jobId();
    store.enqueueDeliveries(List.of(delivery("/hook/a", "old")));

    clock.advance(Delivery.REPLAY_WINDOW.plus(Duration.ofMillis(1)));
    EnqueueResult later = store.enqueueDeliveries(List.of(delivery("/hook/a", "d1"))).get(0);
    assertThat(later.deduplicated()).isFalse();
    assertThat(later.jobId()).isNotEqualTo(original);

    assertThat(deliveryRows()).isEqualTo(2);
    store.pruneJobLog(clock.instant());
    assertThat(deliveryRows()).as("only the fresh d1 is left").isEqualTo(1);
    assertThat(store.enqueueDeliveries(List.of(delivery("/hook/a", "d1"))).get(0))
        .isEqualTo(new EnqueueResult(later.jobId(), true));
  }

  @Test
  void aFailingBatchWritesNothingOfAnyDelivery() {
    Delivery broken =
        new Delivery("/hook/a", "d2", NewJob.of("", "handle", "{}", SubmittedBy.WEBHOOK));

    assertThatThrownBy(
            () -> store.enqueueDeliveries(List.of(delivery("/hook/a", "d1"), broken)))
        .isInstanceOf(QueueException.class)
        .hasMessageContaining("enqueue 2 webhook deliveries");

    assertThat(store.depth()).isZero();
    assertThat(deliveryRows()).isZero();
    assertThat(store.enqueueDeliveries(List.of(delivery("/hook/a", "d1"))).get(0).deduplicated())
        .as("d1 was not remembered")
        .isFalse();
  }

  private long deliveryRows() {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + databasePath());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM webhook_deliveries")) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new AssertionError(e);
    }
  }
}
