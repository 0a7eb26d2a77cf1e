package dev.senechal.gw.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class WindowConfigTest {

  @Test
  void aDaytimeWindowContainsItsStartButNotItsEnd() {
    WindowConfig day = new WindowConfig(LocalTime.of(6, 0), LocalTime.of(22, 0));

    assertThat(day.wrapsMidnight()).isFalse();
    assertThat(day.contains(LocalTime.of(6, 0))).isTrue();
    assertThat(day.contains(LocalTime.of(21, 59))).isTrue();
    assertThat(day.contains(LocalTime.of(22, 0))).isFalse();
    assertThat(day.contains(LocalTime.of(3, 0))).isFalse();
  }

  @Test
  void aNightWindowWrapsMidnight() {
    WindowConfig night = new WindowConfig(LocalTime.of(22, 0), LocalTime.of(6, 0));

    assertThat(night.wrapsMidnight()).isTrue();
    assertThat(night.contains(LocalTime.of(23, 30))).isTrue();
    assertThat(night.contains(LocalTime.of(0, 0))).isTrue();
    assertThat(night.contains(LocalTime.of(6, 0))).isFalse();
    assertThat(night.contains(LocalTime.of(12, 0))).isFalse();
  }

  @Test
  void startAndEndMustDiffer() {
    assertThatThrownBy(() -> new WindowConfig(LocalTime.NOON, LocalTime.NOON))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
