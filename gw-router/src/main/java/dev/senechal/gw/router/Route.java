package dev.senechal.gw.router;

import static java.util.Objects.requireNonNull;

/**
 * One configured route (SPEC §7): events of {@code eventType} emitted by {@code from} become a
 * {@code command} job (normally {@code handle}) for {@code to}. Exact match, no filters.
 */
public record Route(String from, String eventType, String to, String command) {
  public Route {
    requireNonNull(from, "from is null");
    requireNonNull(eventType, "eventType is null");
    requireNonNull(to, "to is null");
    requireNonNull(command, "command is null");
  }
}
