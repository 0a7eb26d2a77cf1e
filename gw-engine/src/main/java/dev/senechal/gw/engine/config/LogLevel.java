package dev.senechal.gw.engine.config;

import java.util.Locale;
import java.util.Optional;

/** {@code service.log_level}: the lowest level the daemon logs. */
public enum LogLevel {
  DEBUG("debug"),
  INFO("info"),
  WARN("warn"),
  ERROR("error");

  private final String wireName;

  LogLevel(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling used in the YAML file. */
  public String wireName() {
    return wireName;
  }

  /** The constant spelt {@code text} in the YAML file (ignoring case), if any. */
  public static Optional<LogLevel> fromWireName(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (LogLevel value : values()) {
      if (value.wireName.equals(wanted)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return wireName;
  }
}
