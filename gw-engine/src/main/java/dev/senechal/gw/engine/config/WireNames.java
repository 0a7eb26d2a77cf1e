package dev.senechal.gw.engine.config;

import java.util.Locale;
import java.util.Optional;

/** Config enums whose YAML spelling is the constant's name in lower case. */
final class WireNames {
  private WireNames() {}

  static String of(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** The constant spelt {@code text} (ignoring case and surrounding blanks), if any. */
  static <E extends Enum<E>> Optional<E> find(E[] values, String text) {
    String wanted = text.trim().toLowerCase(Locale.ROOT);
    for (E value : values) {
      if (of(value).equals(wanted)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
