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
 */
public record Delivery(String endpoint, String deliveryId, NewJob job) {

  /** How long a delivery id is remembered. */
  public static final Duration REPLAY_WINDOW = Duration.ofDays(7);

  public Delivery {
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(deliveryId, "deliveryId is null");
    requireNonNull(job, "job is null");
    if (deliveryId.isEmpty()) {
      throw new IllegalArgumentException("the delivery id of a delivery to " + endpoint + " is empty");
    }
  }
}
