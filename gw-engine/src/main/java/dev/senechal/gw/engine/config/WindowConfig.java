package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import java.time.LocalTime;

/**
 * A schedule's {@code preferred_window} (SPEC §5): local times written {@code "HH:MM"}. The window
 * wraps midnight when {@code end} is before {@code start} ({@code 22:00}–{@code 06:00}).
 *
 * @param start first minute inside the window
 * @param end first minute after it; never equal to {@code start}
 */
public record WindowConfig(LocalTime start, LocalTime end) {
  public WindowConfig {
    requireNonNull(start, "start is null");
    requireNonNull(end, "end is null");
    if (start.equals(end)) {
      throw new IllegalArgumentException("start and end are both " + start);
    }
  }

  public boolean wrapsMidnight() {
    return end.isBefore(start);
  }

  /** Whether {@code time} falls inside the window ({@code start} inclusive, {@code end} not). */
  public boolean contains(LocalTime time) {
    requireNonNull(time, "time is null");
    boolean afterStart = !time.isBefore(start);
    boolean beforeEnd = time.isBefore(end);
    return wrapsMidnight() ? afterStart || beforeEnd : afterStart && beforeEnd;
  }
}
