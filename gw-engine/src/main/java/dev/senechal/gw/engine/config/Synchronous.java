package dev.senechal.gw.engine.config;

import java.util.Optional;

/**
 * {@code state.synchronous}: SQLite's {@code PRAGMA synchronous} for the store (our addition to
 * SPEC §3, which asks for it to be configurable). {@code full}, the default, makes every accepted
 * job survive power loss; {@code normal} survives a crash of the daemon but may lose the last
 * commits on power loss; {@code off} is for throw-away stores in tests.
 */
public enum Synchronous {
  FULL,
  NORMAL,
  OFF;

  /** The spelling used in the YAML file: the name in lower case. */
  public String wireName() {
    return WireNames.of(this);
  }

  /** The constant spelt {@code text} in the YAML file (ignoring case), if any. */
  public static Optional<Synchronous> fromWireName(String text) {
    return WireNames.find(values(), text);
  }

  @Override
  public String toString() {
    return wireName();
  }
}
