package dev.senechal.gw.queue.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class MutableClockTest {
  @Test
  void movesOnlyWhenTold() {
    MutableClock clock = MutableClock.at("2026-02-08T10:00:00Z");
    Instant start = clock.instant();

    assertThat(clock.instant()).isEqualTo(start);
    assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(start.plusSeconds(300));
    clock.set(start.minusSeconds(1));
    assertThat(clock.instant()).isEqualTo(start.minusSeconds(1));
    assertThat(clock.millis()).isEqualTo(start.minusSeconds(1).toEpochMilli());
  }

  @Test
  void aZonedViewSharesTheTime() {
    MutableClock clock = MutableClock.at("2026-02-08T10:00:00Z");
    Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));

    clock.advance(Duration.ofHours(1));

    assertThat(paris.instant()).isEqualTo(clock.instant());
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(clock.getZone()).isEqualTo(ZoneId.of("Z"));
  }
}
