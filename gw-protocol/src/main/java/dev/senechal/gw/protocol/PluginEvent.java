package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * The event a {@code handle} request carries (SPEC §6, §7), as the core stamped it.
 *
 * @param type the event type
 * @param payload the event payload, JSON text (usually an object)
 * @param eventId the event id (kept from the plugin when it supplied one)
 * @param source the plugin (or producer, e.g. {@code webhook}) that emitted it
 * @param timestamp when the core accepted it
 * @param dedupeKey the emitter's dedupe key, or {@code null}
 */
public record PluginEvent(
    String type,
    String payload,
    String eventId,
    String source,
    Instant timestamp,
    String dedupeKey) {

  public PluginEvent {
    requireNonNull(type, "type is null");
    requireNonNull(payload, "payload is null");
    requireNonNull(eventId, "eventId is null");
    requireNonNull(source, "source is null");
    requireNonNull(timestamp, "timestamp is null");
  }
}
