package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

/**
 * An event in a plugin's response (SPEC §6). Optional fields are {@code null} when absent.
 *
 * @param type the event type
 * @param payload the payload, JSON object text, or {@code null}
 * @param dedupeKey the plugin's dedupe key, or {@code null}
 * @param eventId a plugin-supplied event id (kept by the core), or {@code null}
 * @param context context additions for the downstream jobs, JSON object text, or {@code null}
 */
public record EmittedEvent(
    String type, String payload, String dedupeKey, String eventId, String context) {

  public EmittedEvent {
    requireNonNull(type, "type is null");
    if (type.isEmpty()) {
      throw new IllegalArgumentException("type is empty");
    }
  }

  /** An event with a type and payload only. */
  public static EmittedEvent of(String type, String payload) {
    return new EmittedEvent(type, payload, null, null, null);
  }
}
