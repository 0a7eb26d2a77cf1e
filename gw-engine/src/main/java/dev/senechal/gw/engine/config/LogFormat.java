package dev.senechal.gw.engine.config;

import java.util.Locale;
import java.util.Optional;

/** {@code service.log_format}: one JSON object per line, or text for humans. */
public enum LogFormat {
  JSON("json"),
  TEXT("text");

  private final String wireName;

  LogFormat(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling used in the YAML file. */
  public String wireName() {
    return wireName;
  }

  /** The constant spelt {@code text} in the YAML file (ignoring case), if any. */
  public static Optional<LogFormat> fromWireName(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (LogFormat value : values()) {
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
