package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A plugin's {@code timeouts} section (SPEC §6): how long each command may run before its process
 * group is terminated. Every value is above zero.
 *
 * @param poll default 60s
 * @param handle default 120s; also the timeout of any command without its own entry
 * @param health default 10s
 * @param init default 30s
 * @param other timeouts of further commands by name, in file order (never one of the four above)
 */
public record TimeoutsConfig(
    Duration poll, Duration handle, Duration health, Duration init, Map<String, Duration> other) {

  /** The commands with a timeout of their own. */
  public static final Set<String> STANDARD_COMMANDS = Set.of("poll", "handle", "health", "init");

  public static final TimeoutsConfig DEFAULT =
      new TimeoutsConfig(
          Duration.ofSeconds(60),
          Duration.ofSeconds(120),
          Duration.ofSeconds(10),
          Duration.ofSeconds(30),
          Map.of());

  public TimeoutsConfig {
    requireNonNull(poll, "poll is null");
    requireNonNull(handle, "handle is null");
    requireNonNull(health, "health is null");
    requireNonNull(init, "init is null");
    requireNonNull(other, "other is null");
    RangeChecks.requirePositive(poll, "poll");
    RangeChecks.requirePositive(handle, "handle");
    RangeChecks.requirePositive(health, "health");
    RangeChecks.requirePositive(init, "init");
    other.forEach(
        (command, timeout) -> {
          requireNonNull(command, "command is null");
          requireNonNull(timeout, "timeout of " + command + " is null");
          if (STANDARD_COMMANDS.contains(command)) {
            throw new IllegalArgumentException(command + " has its own component, not in other");
          }
          RangeChecks.requirePositive(timeout, command);
        });
    other = Collections.unmodifiableMap(new LinkedHashMap<>(other));
  }

  /** The timeout of {@code command}; a command without an entry gets {@link #handle()}'s. */
  public Duration forCommand(String command) {
    requireNonNull(command, "command is null");
    return switch (command) {
      case "poll" -> poll;
      case "handle" -> handle;
      case "health" -> health;
      case "init" -> init;
      default -> other.getOrDefault(command, handle);
    };
  }
}
