package dev.senechal.gw.engine.internal.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationFormatTest {

  @ParameterizedTest
  @CsvSource({
    "250ms, PT0.25S",
    "30s, PT30S",
    "5m, PT5M",
    "6h, PT6H",
    "1d, PT24H",
    "1h30m, PT1H30M",
    "1d12h, PT36H",
    "2m30s500ms, PT2M30.5S",
    "0, PT0S",
    "0s, PT0S",
    "' 10S ', PT10S",
  })
  void parsesUnitsAndCombinations(String text, Duration expected) {
    assertThat(DurationFormat.parse(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"", "abc", "60", "5x", "-5s", "1.5h", "30m1h", "1h1h", "5 m", "1w", "h", "s5"})
  void refusesEverythingElse(String text) {
    assertThatThrownBy(() -> DurationFormat.parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"60", "250"})
  void aBareNumberIsToldToTakeAUnit(String text) {
    assertThatThrownBy(() -> DurationFormat.parse(text))
        .hasMessage("a duration needs a unit: ms, s, m, h or d");
  }

  @ParameterizedTest
  @ValueSource(strings = {"999999999999999999d", "106751991167300d"})
  void anAbsurdlyLongDurationIsRefusedNotOverflowed(String text) {
    assertThatThrownBy(() -> DurationFormat.parse(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"PT0S, 0s", "PT1H30M, 1h30m", "PT0.25S, 250ms", "PT36H, 1d12h", "PT30M, 30m"})
  void formatsTheWayItParses(Duration duration, String text) {
    assertThat(DurationFormat.format(duration)).isEqualTo(text);
    assertThat(DurationFormat.parse(text)).isEqualTo(duration);
  }
}
