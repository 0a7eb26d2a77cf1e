package dev.senechal.gw.engine.internal.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes as written in the config: {@code 512B}, {@code 64KB}, {@code 1MB}, {@code 10MB}, {@code
 * 1GB}, or a bare number of bytes. Binary multiples: 1KB = 1024 bytes, 1MB = 1024 KB, 1GB = 1024
 * MB. Units ignore case.
 */
public final class SizeFormat {
  private static final Pattern SIZE = Pattern.compile("(\\d{1,18})\\s*(b|kb|mb|gb)?");

  private SizeFormat() {}

  /**
   * Parses {@code text} into bytes.
   *
   * @throws IllegalArgumentException with a detail (possibly empty) that never repeats {@code text}
   */
  public static long parse(String text) {
    Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("");
    }
    long amount = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift =
        switch (unit) {
          case "kb" -> 10;
          case "mb" -> 20;
          case "gb" -> 30;
          default -> 0;
        };
    if (amount > (Long.MAX_VALUE >> shift)) {
      throw new IllegalArgumentException("it is too large");
    }
    return amount << shift;
  }
}
