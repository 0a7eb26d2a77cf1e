package dev.senechal.gw.webhook;

import static java.util.Objects.requireNonNull;

/**
 * The body of {@code GET /healthz} (SPEC §8).
 *
 * @param status {@code ok}, or {@code degraded} when a plugin's breaker is open or its init failed
 */
public record Health(
    String status,
    long uptimeSeconds,
    int queueDepth,
    int pluginsLoaded,
    int pluginsCircuitOpen) {
  public Health {
    requireNonNull(status, "status is null");
  }
}
