package dev.senechal.gw.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EveryTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  @ParameterizedTest
  @CsvSource({
    "5m, PT5M",
    "15m, PT15M",
    "30m, PT30M",
    "hourly, PT1H",
    "2h, PT2H",
    "6h, PT6H",
    "daily, PT24H",
    "weekly, PT168H",
    "monthly, PT720H",
    "250ms, PT0.25S",
    "30s, PT30S",
    "1d, PT24H",
    "' Hourly ', PT1H"
  })
  void parsesKeywordsAndDurations(String text, Duration nominal) {
    assertThat(Every.parse(text).nominalLength()).isEqualTo(nominal);
  }

  @ParameterizedTest
  @ValueSource(strings = {"*/5 * * * *", "5 minutes", "-5m", "5", "", "fortnightly", "1.5h"})
  void rejectsWhatIsNotAnInterval(String text) {
    assertThatThrownBy(() -> Every.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'")
        .hasMessageContaining("no crontab");
  }

  @Test
  void rejectsZeroAndOverlongIntervals() {
    assertThatThrownBy(() -> Every.parse("0s"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("zero");
    assertThatThrownBy(() -> Every.parse("99999999999999999999d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
    assertThatThrownBy(() -> Every.parse("9999999999999999d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("too long");
  }

  @Test
  void fixedIntervalsAreExactLengthsWhateverTheZone() {
    Instant beforeSpringForward = LocalDateTime.parse("2025-03-29T12:00").atZone(PARIS).toInstant();
    assertThat(Every.parse("daily").after(beforeSpringForward, PARIS))
        .isEqualTo(beforeSpringForward.plus(Duration.ofHours(24)));
  }

  @Test
  void monthlyFollowsTheCalendarInTheZone() {
    Every monthly = Every.parse("monthly");
    assertThat(monthly.after(paris("2025-01-15T10:00"), PARIS))
        .isEqualTo(paris("2025-02-15T10:00"));
    assertThat(monthly.after(paris("2025-02-15T10:00"), PARIS))
        .isEqualTo(paris("2025-03-15T10:00"));
    // Across the spring-forward change: same local time, one hour less in between.
    assertThat(monthly.after(paris("2025-03-15T10:00"), PARIS))
        .isEqualTo(paris("2025-04-15T10:00"))
        .isEqualTo(paris("2025-03-15T10:00").plus(Duration.ofDays(31).minusHours(1)));
    // Clamped to the end of shorter months.
    assertThat(monthly.after(paris("2025-01-31T10:00"), PARIS))
        .isEqualTo(paris("2025-02-28T10:00"));
    assertThat(monthly.after(paris("2024-01-31T10:00"), PARIS))
        .isEqualTo(paris("2024-02-29T10:00"));
  }

  @Test
  void equalsByNormalizedText() {
    assertThat(Every.parse("Daily")).isEqualTo(Every.parse("daily")).hasToString("daily");
    assertThat(Every.parse("Daily").hashCode()).isEqualTo(Every.parse("daily").hashCode());
    assertThat(Every.parse("1d")).isNotEqualTo(Every.parse("daily"));
    assertThat(Every.parse("6h").after(Instant.EPOCH, ZoneOffset.UTC))
        .isEqualTo(Instant.EPOCH.plus(Duration.ofHours(6)));
  }

  private static Instant paris(String local) {
    return LocalDateTime.parse(local).atZone(PARIS).toInstant();
  }
}
