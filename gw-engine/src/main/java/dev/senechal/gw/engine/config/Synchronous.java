package dev.senechal.gw.engine.config;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code state.synchronous}: SQLite's {@code PRAGMA synchronous} for the store (our addition to
 * SPEC §3, which asks for it to be configurable). {@code full}, the default, makes every accepted
 * job survive power loss; {@code normal} survives a crash of the daemon but may lose the last
 * commits on power loss; {@code off} is for throw-away stores in tests.
 */
public enum Synchronous {
  FULL("full"),
  NORMAL("normal"),
  OFF("off");

  private final String wireName;

  Synchronous(String wireName) {
    this.wireName = wireName;
  }

  /** The spelling used in the YAML file. */
  public String wireName() {
    return wireName;
  }

  /** The constant spelt {@code text} in the YAML file (ignoring case), if any. */
  public static Optional<Synchronous> fromWireName(String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (Synchronous value : values()) {
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
