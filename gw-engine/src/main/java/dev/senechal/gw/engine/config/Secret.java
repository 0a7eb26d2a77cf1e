package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A secret value from the configuration (a webhook secret, an API token key). Its {@link
 * #toString()} is always {@code ******}, so a secret that reaches a log line, an error message or
 * {@code status} output by accident shows nothing. {@link #reveal()} is the only way to the value.
 */
public final class Secret {
  /** What {@link #toString()} prints instead of the value. */
  public static final String MASK = "******";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /**
   * Wraps a value; it may be empty (the config loader refuses empty secrets, embedders may not).
   */
  public static Secret of(String value) {
    return new Secret(requireNonNull(value, "value is null"));
  }

  /** The secret itself. Never log it. */
  public String reveal() {
    return value;
  }

  public boolean isEmpty() {
    return value.isEmpty();
  }

  /** The value's length in characters, for strength checks. */
  public int length() {
    return value.length();
  }

  /**
   * Compares {@code candidate} with the secret in time that does not depend on where they differ
   * (for API bearer tokens).
   */
  public boolean matches(String candidate) {
    if (candidate == null) {
      return false;
    }
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Secret other && matches(other.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return MASK;
  }
}
