package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.scheduler.Every;
import java.time.Duration;

/**
 * A plugin's {@code schedule} section (SPEC §5).
 *
 * @param every the interval ({@code 5m}, {@code 6h}, {@code hourly}, {@code monthly}, …); required
 * @param jitter width of the random spread around each run; default 0, smaller than the interval
 * @param preferredWindow local-time window runs are moved into; {@code null} when absent
 * @param payload JSON object text given to each scheduled job; default {@code {}}
 * @param command the command scheduled; default {@code poll}
 */
public record ScheduleConfig(
    Every every, Duration jitter, WindowConfig preferredWindow, String payload, String command) {

  public static final String DEFAULT_COMMAND = "poll";

  public ScheduleConfig {
    requireNonNull(every, "every is null");
    requireNonNull(jitter, "jitter is null");
    requireNonNull(payload, "payload is null");
    requireNonNull(command, "command is null");
    RangeChecks.requireNotNegative(jitter, "jitter");
    if (jitter.compareTo(every.nominalLength()) >= 0) {
      throw new IllegalArgumentException(
          "jitter " + jitter + " must be smaller than the interval " + every);
    }
    if (command.isBlank()) {
      throw new IllegalArgumentException("command is blank");
    }
  }

  /** A {@code poll} every {@code every}, without jitter, window or payload. */
  public static ScheduleConfig every(Every every) {
    return new ScheduleConfig(every, Duration.ZERO, null, "{}", DEFAULT_COMMAND);
  }
}
