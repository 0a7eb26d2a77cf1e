package dev.senechal.gw.engine.internal.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as written in the config: a number and a unit ({@code 250ms}, {@code 30s}, {@code 5m},
 * {@code 6h}, {@code 1d}), or several in decreasing units ({@code 1h30m}, {@code 1d12h}). A bare
 * {@code 0} is zero; any other number needs a unit. Units ignore case; a day is 24 hours. At most
 * 36500 days.
 */
public final class DurationFormat {
  private static final Pattern PART = Pattern.compile("(\\d{1,18})(ms|s|m|h|d)");

  /** The longest duration accepted, so that later date arithmetic cannot overflow. */
  private static final Duration MAX = Duration.ofDays(36_500);

  private DurationFormat() {}

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException whose message adds a detail to "not a duration" (often empty);
   *     it never repeats {@code text}
   */
  public static Duration parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("0")) {
      return Duration.ZERO;
    }
    if (value.matches("\\d+")) {
      throw new IllegalArgumentException("a duration needs a unit: ms, s, m, h or d");
    }
    Matcher part = PART.matcher(value);
    Duration total = Duration.ZERO;
    int position = 0;
    int lastRank = -1;
    while (position < value.length()) {
      if (!part.find(position) || part.start() != position) {
        throw new IllegalArgumentException("");
      }
      int rank = rankOf(part.group(2));
      if (rank <= lastRank) {
        throw new IllegalArgumentException("units must go from the largest to the smallest, once");
      }
      lastRank = rank;
      long amount = Long.parseLong(part.group(1));
      try {
        total = total.plus(unit(part.group(2)).multipliedBy(amount));
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("it is too long");
      }
      position = part.end();
    }
    if (position == 0) {
      throw new IllegalArgumentException("");
    }
    if (total.compareTo(MAX) > 0) {
      throw new IllegalArgumentException("it is longer than 36500d (100 years)");
    }
    return total;
  }

  private static int rankOf(String unit) {
    return switch (unit) {
      case "d" -> 0;
      case "h" -> 1;
      case "m" -> 2;
      case "s" -> 3;
      default -> 4;
    };
  }

  private static Duration unit(String unit) {
    return switch (unit) {
      case "d" -> Duration.ofDays(1);
      case "h" -> Duration.ofHours(1);
      case "m" -> Duration.ofMinutes(1);
      case "s" -> Duration.ofSeconds(1);
      default -> Duration.ofMillis(1);
    };
  }

  /** {@code duration} written the way the config writes it ({@code 1h30m}, {@code 250ms}). */
  public static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    StringBuilder text = new StringBuilder();
    long days = duration.toDays();
    if (days > 0) {
      text.append(days).append('d');
    }
    if (duration.toHoursPart() > 0) {
      text.append(duration.toHoursPart()).append('h');
    }
    if (duration.toMinutesPart() > 0) {
      text.append(duration.toMinutesPart()).append('m');
    }
    if (duration.toSecondsPart() > 0) {
      text.append(duration.toSecondsPart()).append('s');
    }
    if (duration.toMillisPart() > 0) {
      text.append(duration.toMillisPart()).append("ms");
    }
    return text.toString();
  }
}
