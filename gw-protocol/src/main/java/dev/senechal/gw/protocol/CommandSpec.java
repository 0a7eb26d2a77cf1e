package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

/**
 * One command a plugin declares in its manifest.
 *
 * @param name the command name ({@code poll}, {@code handle}, ...)
 * @param type {@code read} or {@code write}, or {@code null} when the manifest does not say
 * @param description a human description, or {@code null}
 */
public record CommandSpec(String name, String type, String description) {
  public CommandSpec {
    requireNonNull(name, "name is null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name is blank");
    }
    if (type != null && !type.equals("read") && !type.equals("write")) {
      throw new IllegalArgumentException("type must be read or write, got " + type);
    }
  }

  /** A command declared by name only. */
  public static CommandSpec named(String name) {
    return new CommandSpec(name, null, null);
  }
}
