package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

/**
 * One entry of {@code routes} (SPEC §7): every event of type {@code eventType} that plugin {@code
 * from} emits becomes a {@code command} job for plugin {@code to}.
 *
 * @param command default {@code handle}
 */
public record RouteConfig(String from, String eventType, String to, String command) {
  public static final String DEFAULT_COMMAND = "handle";

  public RouteConfig {
    requireNonNull(from, "from is null");
    requireNonNull(eventType, "eventType is null");
    requireNonNull(to, "to is null");
    requireNonNull(command, "command is null");
    if (from.isBlank() || eventType.isBlank() || to.isBlank() || command.isBlank()) {
      throw new IllegalArgumentException("a route needs from, event_type, to and command");
    }
  }

  /** A route delivering to {@code handle}. */
  public RouteConfig(String from, String eventType, String to) {
    this(from, eventType, to, DEFAULT_COMMAND);
  }
}
