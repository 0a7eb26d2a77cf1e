package dev.senechal.gw.webhook;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A bearer token of the API (SPEC §8) and its scopes: {@code read}, {@code admin}, {@code
 * trigger:*}, {@code trigger:<plugin>} or {@code trigger:<plugin>:<command>}.
 */
public record ApiToken(String name, byte[] key, List<String> scopes) {
  public ApiToken {
    requireNonNull(name, "name is null");
    requireNonNull(key, "key is null");
    scopes = List.copyOf(scopes);
    if (key.length == 0) {
      throw new IllegalArgumentException("the key of token " + name + " is empty");
    }
    key = key.clone();
  }

  public static ApiToken of(String name, String key, List<String> scopes) {
    return new ApiToken(name, key.getBytes(StandardCharsets.UTF_8), scopes);
  }

  @Override
  public byte[] key() {
    return key.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ApiToken t
        && name.equals(t.name)
        && Arrays.equals(key, t.key)
        && scopes.equals(t.scopes);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** Never shows the key. */
  @Override
  public String toString() {
    return "ApiToken[" + name + ", " + scopes + "]";
  }
}
