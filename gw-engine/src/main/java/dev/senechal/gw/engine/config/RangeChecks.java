package dev.senechal.gw.engine.config;

import java.time.Duration;

/** Range checks shared by the config records' constructors. */
final class RangeChecks {
  private RangeChecks() {}

  static void requirePositive(Duration value, String name) {
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be above zero, got " + value);
    }
  }

  static void requireNotNegative(Duration value, String name) {
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  static void requireAtLeast(long value, long minimum, String name) {
    if (value < minimum) {
      throw new IllegalArgumentException(name + " must be at least " + minimum + ", got " + value);
    }
  }
}
