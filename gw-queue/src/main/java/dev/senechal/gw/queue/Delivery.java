package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * A job enqueued for an external delivery that carries an id, such as a webhook (SPEC §8). The id
 * is stored with the job in the same transaction; the same {@code (endpoint, deliveryId)} again
 * within {@link #REPLAY_WINDOW} enqueues nothing and answers the first delivery's job.
 *
 * @param endpoint where the delivery arrived (the webhook path); ids are unique per endpoint
 * @param deliveryId the sender's id, or one derived from the signature when the sender has none
 * @param senderId a second id the delivery is known by, or null: a sender's id that its
 *     signature does not cover (GitHub's {@code X-GitHub-Delivery}) is stored and checked beside
 *     the signed {@code deliveryId}, and a repeat of either is a replay
 */
public record Delivery(String endpoint, String deliveryId, NewJob job, String senderId) {

  /** How long a delivery id is remembered. */
  public static final Duration REPLAY_WINDOW = Duration.ofDays(7);

  public Delivery {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(deliveryId, "deliveryId is null");
    requireNonNull(job, "job is null");
    if (deliveryId.isEmpty()) {
      throw new IllegalArgumentException("the delivery id of a delivery to " + endpoint + " is empty");
    }
    if (senderId != null && (senderId.isEmpty() || senderId.equals(deliveryId))) {
      senderId = null;
    }
  }

  /** A delivery known by one id. */
  public Delivery(String endpoint, String deliveryId, NewJob job) {
    this(endpoint, deliveryId, job, null);
  }

  /** The ids this delivery is stored under: its delivery id, then its sender id if any. */
  public java.util.List<String> ids() {
    return senderId == null ? java.util.List.of(deliveryId) : java.util.List.of(deliveryId, senderId);
  }
}
