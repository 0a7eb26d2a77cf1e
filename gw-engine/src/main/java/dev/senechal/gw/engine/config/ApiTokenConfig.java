package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * One entry of {@code api.tokens} (SPEC §8).
 *
 * @param name shown in logs instead of the key
 * @param key the bearer token; at least 16 characters when loaded from a file
 * @param scopes each {@code read}, {@code admin}, {@code trigger:*}, {@code trigger:<plugin>} or
 *     {@code trigger:<plugin>:<command>}; at least one
 */
public record ApiTokenConfig(String name, Secret key, List<String> scopes) {
  public ApiTokenConfig {
    requireNonNull(name, "name is null");
    requireNonNull(key, "key is null");
    scopes = List.copyOf(scopes);
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
    if (key.isEmpty()) {
      throw new IllegalArgumentException("the key of token " + name + " is empty");
    }
    if (scopes.isEmpty()) {
      throw new IllegalArgumentException("token " + name + " has no scopes");
    }
  }
}
