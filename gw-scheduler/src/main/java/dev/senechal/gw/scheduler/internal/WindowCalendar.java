package dev.senechal.gw.scheduler.internal;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.scheduler.PreferredWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;

/**
 * The occurrences of a {@link PreferredWindow} in one zone, on the zone's local dates, so that
 * clock changes are handled by the zone rules rather than by adding 24 hours.
 *
 * <p>A window boundary (start or end) at a local time that a clock change skips (a DST gap) is the
 * instant the gap ends: a 02:30 start on the spring-forward day in Europe/Paris opens the window at
 * 03:00 CEST. A boundary at a local time that occurs twice (a DST overlap) has two candidate
 * instants, earlier first; an occurrence opens at the first of them at or after the instant asked
 * about. Membership is always decided on local time ({@link #contains}), so during an overlap a
 * window can close and reopen; callers check {@link #contains} on what they pick.
 *
 * <p>Public only so that {@code NextRunCalculator} can use it; not part of the API.
 */
public final class WindowCalendar {
  /** A DST quirk can make at most one day's occurrence empty; five dates are plenty. */
  private static final int DATES_TO_SEARCH = 5;

  private final PreferredWindow window;
  private final ZoneId zone;

  public WindowCalendar(PreferredWindow window, ZoneId zone) {
    this.window = requireNonNull(window, "window is null");
    this.zone = requireNonNull(zone, "zone is null");
  }

  /** Whether {@code instant}'s local time in the zone lies in the window. */
  public boolean contains(Instant instant) {
    return window.contains(instant.atZone(zone).toLocalTime());
  }

  /** The first occurrence of the window that opens at or after {@code from}. */
  public Occurrence nextOpening(Instant from) {
    requireNonNull(from, "from is null");
    LocalDate date = from.atZone(zone).toLocalDate().minusDays(1);
    for (int i = 0; i < DATES_TO_SEARCH; i++, date = date.plusDays(1)) {
      LocalDate endDate = window.wrapsMidnight() ? date.plusDays(1) : date;
      for (Instant opens : boundaries(date.atTime(window.start()))) {
        if (opens.isBefore(from) || !contains(opens)) {
          continue;
        }
        for (Instant closes : boundaries(endDate.atTime(window.end()))) {
          if (closes.isAfter(opens)) {
            return new Occurrence(opens, closes);
          }
        }
      }
    }
    throw new IllegalStateException(
        "no occurrence of window " + window + " in " + zone + " after " + from);
  }

  /** The instants at which local time reaches {@code local}, earliest first. */
  private List<Instant> boundaries(LocalDateTime local) {
    ZoneRules rules = zone.getRules();
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      return List.of(rules.getTransition(local).getInstant());
    }
    return offsets.stream().map(local::toInstant).sorted().toList();
  }

  /** One opening of the window: {@code [opens, closes)}. */
  public record Occurrence(Instant opens, Instant closes) {
    public Occurrence {
      requireNonNull(opens, "opens is null");
      requireNonNull(closes, "closes is null");
      if (!closes.isAfter(opens)) {
        throw new IllegalArgumentException("occurrence closes at " + closes + " before it opens");
      }
    }

    public Duration length() {
      return Duration.between(opens, closes);
    }
  }
}
