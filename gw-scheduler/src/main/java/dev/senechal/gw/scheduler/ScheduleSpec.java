package dev.senechal.gw.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * When a plugin is polled ({@code schedule}, SPEC §5).
 *
 * @param every the interval
 * @param jitter the width of the random spread around each run: a run lands within {@code
 *     ±jitter/2} of its nominal time; zero or more and smaller than the interval's nominal length
 * @param window the local time window runs must fall in, or {@code null} for any time
 */
public record ScheduleSpec(Every every, Duration jitter, PreferredWindow window) {

  public ScheduleSpec {
    requireNonNull(every, "every is null");
    requireNonNull(jitter, "jitter is null");
    if (jitter.isNegative()) {
      throw new IllegalArgumentException("jitter must not be negative, was " + jitter);
    }
    if (jitter.compareTo(every.nominalLength()) >= 0) {
      throw new IllegalArgumentException(
          "jitter "
              + jitter
              + " must be smaller than the interval '"
              + every
              + "' ("
              + every.nominalLength()
              + ")");
    }
  }

  /** A schedule without jitter or window. */
  public static ScheduleSpec of(Every every) {
    return new ScheduleSpec(every, Duration.ZERO, null);
  }
}
