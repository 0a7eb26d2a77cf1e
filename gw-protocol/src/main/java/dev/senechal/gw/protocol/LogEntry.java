package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

/**
 * One log line a plugin returned in its response.
 *
 * @param level the plugin's level ({@code debug}, {@code info}, {@code warn}, {@code error} by
 *     convention; kept as written)
 * @param message the message
 */
public record LogEntry(String level, String message) {
  public LogEntry {
    requireNonNull(level, "level is null");
    requireNonNull(message, "message is null");
  }
}
