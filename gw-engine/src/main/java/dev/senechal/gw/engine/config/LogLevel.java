package dev.senechal.gw.engine.config;

import java.util.Optional;

/** {@code service.log_level}: the lowest level the daemon logs. */
public enum LogLevel {
  DEBUG,
  INFO,
  WARN,
  ERROR;

  /** The spelling used in the YAML file: the name in lower case. */
  public String wireName() {
    return WireNames.of(this);
  }

  /** The constant spelt {@code text} in the YAML file (ignoring case), if any. */
  public static Optional<LogLevel> fromWireName(String text) {
    return WireNames.find(values(), text);
  }

  @Override
  public String toString() {
    return wireName();
  }
}
