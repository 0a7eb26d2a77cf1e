package dev.senechal.gw.webhook.internal;

import dev.senechal.gw.webhook.DeliveryRejection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/** Webhook deliveries refused since start, per reason (SPEC §8: counted and logged). */
final class WebhookRejections {
  private final AtomicLongArray counts = new AtomicLongArray(DeliveryRejection.values().length);

  /** Counts one rejection; returns the new count for its reason. */
  long count(DeliveryRejection reason) {
    return counts.incrementAndGet(reason.ordinal());
  }

  /** The reasons seen so far and their counts, in the order of {@link DeliveryRejection}. */
  Map<DeliveryRejection, Long> snapshot() {
    Map<DeliveryRejection, Long> seen = new EnumMap<>(DeliveryRejection.class);
    for (DeliveryRejection reason : DeliveryRejection.values()) {
      long n = counts.get(reason.ordinal());
      if (n > 0) {
        seen.put(reason, n);
      }
    }
    return new LinkedHashMap<>(seen);
  }
}
