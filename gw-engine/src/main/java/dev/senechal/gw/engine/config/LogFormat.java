package dev.senechal.gw.engine.config;

import java.util.Optional;

/** {@code service.log_format}: one JSON object per line, or text for humans. */
public enum LogFormat {
  JSON,
  TEXT;

  /** The spelling used in the YAML file: the name in lower case. */
  public String wireName() {
    return WireNames.of(this);
  }

  /** The constant spelt {@code text} in the YAML file (ignoring case), if any. */
  public static Optional<LogFormat> fromWireName(String text) {
    return WireNames.find(values(), text);
  }

  @Override
  public String toString() {
    return wireName();
  }
}
