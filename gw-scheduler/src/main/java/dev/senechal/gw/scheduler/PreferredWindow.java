package dev.senechal.gw.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.LocalTime;

/**
 * A daily span of local wall-clock time in which scheduled polls may run ({@code
 * schedule.preferred_window}, SPEC §5). {@code start} is inclusive and {@code end} exclusive; a
 * window whose end is not after its start wraps midnight ({@code 22:00}–{@code 06:00} holds 23:30
 * and 05:59 but not 06:00). The zone is the scheduler's, see {@link NextRunCalculator}.
 */
public record PreferredWindow(LocalTime start, LocalTime end) {

  public PreferredWindow {
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    if (start.equals(end)) {
      throw new IllegalArgumentException(
          "preferred window start and end are both "
              + start
              + ": a window must not be empty;"
              + " leave preferred_window out to allow any time");
    }
  }

  /** True when the window wraps midnight (its end is before its start). */
  public boolean wrapsMidnight() {
    return end.isBefore(start);
  }

  /** Whether {@code time} lies in the window: at or after the start and before the end. */
  public boolean contains(LocalTime time) {
    requireNonNull(time, "time is null");
    if (wrapsMidnight()) {
      return !time.isBefore(start) || time.isBefore(end);
    }
    return !time.isBefore(start) && time.isBefore(end);
  }

  /** The window's length on a day without a clock change. */
  public Duration nominalLength() {
    Duration between = Duration.between(start, end);
    return wrapsMidnight() ? between.plusDays(1) : between;
  }

  @Override
  public String toString() {
    return start + "-" + end;
  }
}
