package dev.senechal.gw.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreferredWindowTest {
  private static final PreferredWindow DAY = window("06:00", "22:00");
  private static final PreferredWindow NIGHT = window("22:00", "06:00");

  @ParameterizedTest
  @CsvSource({
    "05:59:59.999, false",
    "06:00, true",
    "12:00, true",
    "21:59:59.999, true",
    "22:00, false",
    "00:00, false"
  })
  void dayWindowIncludesItsStartAndExcludesItsEnd(String time, boolean inside) {
    assertThat(DAY.contains(LocalTime.parse(time))).isEqualTo(inside);
  }

  @ParameterizedTest
  @CsvSource({
    "21:59:59.999, false",
    "22:00, true",
    "23:59:59.999, true",
    "00:00, true",
    "00:00:00.001, true",
    "05:59:59.999, true",
    "06:00, false",
    "12:00, false"
  })
  void windowWrappingMidnightHoldsBothSidesOfIt(String time, boolean inside) {
    assertThat(NIGHT.contains(LocalTime.parse(time))).isEqualTo(inside);
  }

  @Test
  void knowsWhetherItWrapsAndHowLongItIs() {
    assertThat(DAY.wrapsMidnight()).isFalse();
    assertThat(DAY.nominalLength()).isEqualTo(Duration.ofHours(16));
    assertThat(NIGHT.wrapsMidnight()).isTrue();
    assertThat(NIGHT.nominalLength()).isEqualTo(Duration.ofHours(8));
    assertThat(window("00:00", "23:59").nominalLength()).isEqualTo(Duration.ofMinutes(1439));
    assertThat(window("23:59", "00:00").nominalLength()).isEqualTo(Duration.ofMinutes(1));
    assertThat(NIGHT).hasToString("22:00-06:00");
  }

  @Test
  void rejectsAnEmptyWindow() {
    assertThatThrownBy(() -> window("06:00", "06:00"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("06:00")
        .hasMessageContaining("empty");
    assertThatThrownBy(() -> new PreferredWindow(null, LocalTime.NOON))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("start is null");
  }

  static PreferredWindow window(String start, String end) {
    return new PreferredWindow(LocalTime.parse(start), LocalTime.parse(end));
  }
}
