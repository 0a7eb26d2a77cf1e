package dev.senechal.gw.webhook;

import java.util.Map;
import java.util.Optional;

/**
 * The HTTP listeners (SPEC §8): webhook endpoints on {@code webhooks.listen}, the API on {@code
 * api.listen} (one listener when both are equal), {@code /healthz} on every listener. Nothing
 * listens when neither section is configured.
 */
public interface HttpServer extends AutoCloseable {

  /**
   * Binds the listeners of the settings in force and starts serving.
   *
   * @throws HttpStartException a listener could not bind (the address names it)
   */
  void start(GatewayControl control);

  /** The port the webhook listener is bound to (useful with port 0), when it runs. */
  Optional<Integer> webhooksPort();

  /** The port the API listener is bound to, when it runs. */
  Optional<Integer> apiPort();

  /**
   * Webhook deliveries refused since start, per reason (only reasons seen so far), in the order of
   * {@link DeliveryRejection}.
   */
  default Map<DeliveryRejection, Long> rejectedDeliveries() {
    return Map.of();
  }

  /** Stops accepting, lets requests in flight finish briefly, closes the listeners. Idempotent. */
  @Override
  void close();
}
