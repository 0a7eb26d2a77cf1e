package dev.senechal.gw.scheduler;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The interval of {@code schedule.every} (SPEC §5): a duration ({@code 250ms}, {@code 30s}, {@code
 * 5m}, {@code 6h}, {@code 1d}) or one of {@code 5m 15m 30m hourly 2h 6h daily weekly monthly}.
 * {@code monthly} is a calendar month in the schedule's zone: the same local time of day and day of
 * month, clamped to the month's last day (each month is added to the run before, so Jan 31 is
 * followed by Feb 28 and then Mar 28). Every other value is a fixed length, {@code daily} exactly
 * 24 hours. No crontab syntax.
 */
public final class Every {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Map<String, Duration> KEYWORDS =
      Map.of(
          "hourly", Duration.ofHours(1),
          "daily", Duration.ofDays(1),
          "weekly", Duration.ofDays(7));

  private final String text;
  private final Duration fixed;
  private final Period calendar;

  private Every(String text, Duration fixed, Period calendar) {
    this.text = text;
    this.fixed = fixed;
    this.calendar = calendar;
  }

  /**
   * Parses an {@code every} value.
   *
   * @throws IllegalArgumentException naming the value and what is accepted
   */
  public static Every parse(String value) {
    requireNonNull(value, "value is null");
    String text = value.trim().toLowerCase(Locale.ROOT);
    if (text.equals("monthly")) {
      return new Every(text, null, Period.ofMonths(1));
    }
    Duration keyword = KEYWORDS.get(text);
    if (keyword != null) {
      return new Every(text, keyword, null);
    }
    Matcher m = DURATION.matcher(text);
    if (m.matches()) {
      Duration d;
      try {
        long amount = Long.parseLong(m.group(1));
        d =
            switch (m.group(2)) {
              case "ms" -> Duration.ofMillis(amount);
              case "s" -> Duration.ofSeconds(amount);
              case "m" -> Duration.ofMinutes(amount);
              case "h" -> Duration.ofHours(amount);
              default -> Duration.ofDays(amount);
            };
      } catch (NumberFormatException | ArithmeticException e) {
        throw new IllegalArgumentException("'" + value + "' is not a usable interval: too long", e);
      }
      if (d.isZero()) {
        throw new IllegalArgumentException("'" + value + "' is not a usable interval: it is zero");
      }
      return new Every(text, d, null);
    }
    throw new IllegalArgumentException(
        "'"
            + value
            + "' is not an interval: expected a duration like 30s, 5m, 6h, 1d or one of"
            + " hourly, daily, weekly, monthly (no crontab syntax)");
  }

  /** The instant one interval after {@code from}; months follow the calendar of {@code zone}. */
  public Instant after(Instant from, ZoneId zone) {
    if (fixed != null) {
      return from.plus(fixed);
    }
    return from.atZone(zone).plus(calendar).toInstant();
  }

  /** The interval's nominal length (a month counts as 30 days), for bounds and display. */
  public Duration nominalLength() {
    return fixed != null ? fixed : Duration.ofDays(30);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Every other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  @Override
  public String toString() {
    return text;
  }
}
