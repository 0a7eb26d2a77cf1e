package dev.senechal.gw.scheduler;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.scheduler.internal.WindowCalendar;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.random.RandomGenerator;

/**
 * Draws the next run of a schedule (SPEC §5). The result is meant to be stored and not drawn again
 * until that run fires, so the jitter does not wander from tick to tick.
 *
 * <p><b>Jitter.</b> {@code next = every.after(lastRun) + j}, with {@code j} drawn uniformly from
 * {@code [-jitter/2, +jitter/2]} in whole milliseconds (both ends included). {@code every.after}
 * adds the fixed interval, or one calendar month in the zone for {@code monthly}.
 *
 * <p><b>Preferred window.</b> If that instant's local time (in the zone) is outside the window, the
 * run moves to the next opening of the window, {@code opens}, plus an offset drawn uniformly from
 * {@code [0, min(jitter, length))} in whole milliseconds, where {@code length} is the real duration
 * of that opening (a clock change inside the window shortens or lengthens it by an hour). With no
 * jitter the run lands exactly on the window start. The offset spreads snapped runs over the
 * window's first stretch instead of piling them onto its start, and keeps them inside. A run is
 * never moved backwards.
 *
 * <p><b>Zone and clock changes.</b> Window boundaries are computed on the zone's local dates: a
 * start that falls into a DST gap opens the window when the gap ends (02:30 on the spring-forward
 * day in Europe/Paris is 03:00 CEST); a start that occurs twice (DST overlap) opens at its first
 * occurrence not before the run. Should the offset land where an overlap has stepped local time
 * back out of the window, the run goes to the opening itself. {@code monthly} keeps the local time
 * of day; every other interval is a fixed length, so a {@code daily} run shifts by an hour in local
 * time across a clock change (the window, if any, still applies).
 */
public final class NextRunCalculator {
  /** How far past its nominal time a window may push a run; generous for DST-shortened days. */
  private static final Duration WINDOW_SLACK = Duration.ofDays(3);

  private final RandomGenerator random;
  private final ZoneId zone;

  @Inject
  public NextRunCalculator(RandomGenerator random, ZoneId zone) {
    this.random = requireNonNull(random, "random is null");
    this.zone = requireNonNull(zone, "zone is null");
  }

  /** The zone of windows and calendar months. */
  public ZoneId zone() {
    return zone;
  }

  /**
   * The first run of a schedule never seen before, and more generally the earliest permitted run at
   * or after {@code now}: {@code now} itself when there is no window or {@code now} is inside it,
   * otherwise the next window opening snapped as described above (start plus an offset in {@code
   * [0, min(jitter, length))}; exactly the start when there is no jitter).
   */
  public Instant firstRun(ScheduleSpec spec, Instant now) {
    requireNonNull(spec, "spec is null");
    requireNonNull(now, "now is null");
    return intoWindow(spec, now);
  }

  /**
   * The run after one that fired at {@code lastRun}: one interval later, jittered by {@code
   * ±jitter/2}, then moved into the window if it falls outside it. Draws fresh random numbers on
   * every call.
   */
  public Instant nextRun(ScheduleSpec spec, Instant lastRun) {
    requireNonNull(spec, "spec is null");
    requireNonNull(lastRun, "lastRun is null");
    Instant candidate = spec.every().after(lastRun, zone).plus(drawJitter(spec.jitter()));
    return intoWindow(spec, candidate);
  }

  /** Whether {@code instant} is inside the schedule's window (always, without one). */
  boolean inWindow(ScheduleSpec spec, Instant instant) {
    return spec.window() == null || new WindowCalendar(spec.window(), zone).contains(instant);
  }

  /**
   * A bound no run drawn for {@code spec} at or before {@code now} can exceed. A stored next run
   * beyond it was drawn under an older, longer schedule.
   */
  Instant latestPlausibleRun(ScheduleSpec spec, Instant now) {
    Instant latest = spec.every().after(now, zone).plus(spec.jitter());
    return spec.window() == null ? latest : latest.plus(WINDOW_SLACK).plus(spec.jitter());
  }

  private Duration drawJitter(Duration jitter) {
    long half = jitter.toMillis() / 2;
    return half == 0 ? Duration.ZERO : Duration.ofMillis(random.nextLong(-half, half + 1));
  }

  private Instant intoWindow(ScheduleSpec spec, Instant instant) {
    if (spec.window() == null) {
      return instant;
    }
    WindowCalendar calendar = new WindowCalendar(spec.window(), zone);
    if (calendar.contains(instant)) {
      return instant;
    }
    WindowCalendar.Occurrence next = calendar.nextOpening(instant);
    long bound = Math.min(spec.jitter().toMillis(), next.length().toMillis());
    Instant snapped = bound <= 0 ? next.opens() : next.opens().plusMillis(random.nextLong(bound));
    // Only a DST overlap inside the window (local time stepping back before the start) can take
    // a spread run out of the window again; its opening is always inside.
    return calendar.contains(snapped) ? snapped : next.opens();
  }
}
