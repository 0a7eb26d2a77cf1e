package dev.senechal.gw.scheduler;

import static dev.senechal.gw.scheduler.PreferredWindowTest.window;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NextRunCalculatorTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");
  private static final int DRAWS = 10_000;

  private final NextRunCalculator utc =
      new NextRunCalculator(new SplittableRandom(42), ZoneOffset.UTC);
  private final NextRunCalculator paris = new NextRunCalculator(new SplittableRandom(42), PARIS);

  @Test
  void jitterStaysWithinHalfItsWidthEitherSideOfTheInterval() {
    ScheduleSpec spec = new ScheduleSpec(Every.parse("6h"), Duration.ofMinutes(30), null);
    Instant nominal = T0.plus(Duration.ofHours(6));
    Duration min = Duration.ofDays(1);
    Duration max = Duration.ofDays(-1);
    long sumMillis = 0;
    for (int i = 0; i < DRAWS; i++) {
      Duration offset = Duration.between(nominal, utc.nextRun(spec, T0));
      assertThat(offset).isBetween(Duration.ofMinutes(-15), Duration.ofMinutes(15));
      min = offset.compareTo(min) < 0 ? offset : min;
      max = offset.compareTo(max) > 0 ? offset : max;
      sumMillis += offset.toMillis();
    }
    // Uniform over the whole range, both sides used, centred on the nominal time.
    assertThat(min).isLessThan(Duration.ofMinutes(-14));
    assertThat(max).isGreaterThan(Duration.ofMinutes(14));
    assertThat(Duration.ofMillis(sumMillis / DRAWS).abs()).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void withoutJitterTheNextRunIsExactlyOneIntervalLater() {
    ScheduleSpec spec = ScheduleSpec.of(Every.parse("15m"));
    assertThat(utc.nextRun(spec, T0)).isEqualTo(T0.plus(Duration.ofMinutes(15)));
    assertThat(utc.firstRun(spec, T0)).isEqualTo(T0);
  }

  @Test
  void firstRunIsNowInsideTheWindowAndTheNextWindowStartOutsideIt() {
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("6h"), Duration.ZERO, window("06:00", "22:00"));
    assertThat(utc.firstRun(spec, utc("2025-06-02T06:00"))).isEqualTo(utc("2025-06-02T06:00"));
    assertThat(utc.firstRun(spec, utc("2025-06-02T21:59:59")))
        .isEqualTo(utc("2025-06-02T21:59:59"));
    assertThat(utc.firstRun(spec, utc("2025-06-02T05:59:59"))).isEqualTo(utc("2025-06-02T06:00"));
    assertThat(utc.firstRun(spec, utc("2025-06-02T22:00"))).isEqualTo(utc("2025-06-03T06:00"));
  }

  @Test
  void aJitteredFirstRunOutsideTheWindowSpreadsOverTheWindowsFirstStretch() {
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("6h"), Duration.ofMinutes(30), window("06:00", "22:00"));
    for (int i = 0; i < 1_000; i++) {
      assertThat(utc.firstRun(spec, utc("2025-06-02T23:00")))
          .isBetween(utc("2025-06-03T06:00"), utc("2025-06-03T06:29:59.999"));
    }
  }

  @ParameterizedTest
  @CsvSource({
    "2025-06-02T10:00, 2025-06-02T16:00", // inside: untouched
    "2025-06-02T00:00, 2025-06-02T06:00", // lands exactly on the start: inside
    "2025-06-01T23:59, 2025-06-02T06:00", // 05:59 is just before the start
    "2025-06-02T16:00, 2025-06-03T06:00", // 22:00 is the (exclusive) end
    "2025-06-02T15:59, 2025-06-02T21:59", // just before the end: inside
    "2025-06-02T18:00, 2025-06-03T06:00" // midnight: next morning
  })
  void aRunOutsideTheWindowMovesToTheNextWindowStart(String lastRun, String expected) {
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("6h"), Duration.ZERO, window("06:00", "22:00"));
    assertThat(utc.nextRun(spec, utc(lastRun))).isEqualTo(utc(expected));
  }

  @ParameterizedTest
  @CsvSource({
    "2025-06-02T20:59, 2025-06-02T22:00", // 21:59, just outside the start
    "2025-06-02T21:00, 2025-06-02T22:00", // exactly the start
    "2025-06-02T22:59, 2025-06-02T23:59", // just before midnight
    "2025-06-02T23:00, 2025-06-03T00:00", // midnight itself
    "2025-06-02T23:01, 2025-06-03T00:01", // just after midnight
    "2025-06-03T04:59, 2025-06-03T05:59", // just inside the end
    "2025-06-03T05:00, 2025-06-03T22:00", // 06:00, the end: tonight's window
    "2025-06-03T05:01, 2025-06-03T22:00", // just outside the end
    "2025-06-03T11:00, 2025-06-03T22:00" // midday
  })
  void aWindowWrappingMidnightHoldsRunsOnBothSidesOfIt(String lastRun, String expected) {
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("hourly"), Duration.ZERO, window("22:00", "06:00"));
    assertThat(utc.nextRun(spec, utc(lastRun))).isEqualTo(utc(expected));
  }

  @Test
  void jitteredSnappedRunsStayInsideAWrappingWindowAndSpreadOverItsStart() {
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("hourly"), Duration.ofMinutes(20), window("22:00", "06:00"));
    Instant earliest = Instant.MAX;
    Instant latest = Instant.MIN;
    for (int i = 0; i < DRAWS; i++) {
      Instant next = utc.nextRun(spec, utc("2025-06-02T12:00")); // 13:00 ± 10m: outside
      assertThat(next).isBetween(utc("2025-06-02T22:00"), utc("2025-06-02T22:19:59.999"));
      earliest = next.isBefore(earliest) ? next : earliest;
      latest = next.isAfter(latest) ? next : latest;
    }
    assertThat(earliest).isBefore(utc("2025-06-02T22:01"));
    assertThat(latest).isAfter(utc("2025-06-02T22:19"));
  }

  @Test
  void jitteredRunsFromAnywhereInTheDayEndInsideTheWindow() {
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("2h"), Duration.ofMinutes(90), window("22:00", "06:00"));
    PreferredWindow window = spec.window();
    for (int minute = 0; minute < 24 * 60; minute += 7) {
      Instant lastRun = utc("2025-06-02T00:00").plus(Duration.ofMinutes(minute));
      for (int i = 0; i < 20; i++) {
        Instant next = utc.nextRun(spec, lastRun);
        assertThat(window.contains(LocalTime.ofInstant(next, ZoneOffset.UTC)))
            .as("next run %s after %s", next, lastRun)
            .isTrue();
        assertThat(next).isAfter(lastRun.plus(Duration.ofMinutes(74)));
      }
    }
  }

  @Test
  void aWindowShorterThanTheJitterBoundsTheSpread() {
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("daily"), Duration.ofHours(2), window("10:00", "10:05"));
    for (int i = 0; i < 1_000; i++) {
      assertThat(utc.nextRun(spec, utc("2025-06-02T12:00")))
          .isBetween(utc("2025-06-04T10:00"), utc("2025-06-04T10:04:59.999"));
    }
  }

  @Test
  void aWindowStartInADstGapOpensWhenTheGapEnds() {
    // 2025-03-30 in Paris: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that day.
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("daily"), Duration.ZERO, window("02:30", "05:00"));
    Instant next = paris.nextRun(spec, paris("2025-03-29T01:00"));
    assertThat(next).isEqualTo(Instant.parse("2025-03-30T01:00:00Z"));
    assertThat(next.atZone(PARIS).toLocalTime()).isEqualTo(LocalTime.of(3, 0));
  }

  @Test
  void aSpreadOnADayShortenedByDstStaysInsideTheWindow() {
    // 01:00 CET to 03:30 CEST is 90 minutes on 2025-03-30, not the nominal 150.
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("daily"), Duration.ofHours(3), window("01:00", "03:30"));
    for (int i = 0; i < 2_000; i++) {
      Instant next = paris.nextRun(spec, Instant.parse("2025-03-28T20:00:00Z"));
      assertThat(next)
          .isBetween(
              Instant.parse("2025-03-30T00:00:00Z"), Instant.parse("2025-03-30T01:29:59.999Z"));
      assertThat(spec.window().contains(next.atZone(PARIS).toLocalTime())).isTrue();
    }
  }

  @Test
  void aWindowStartInADstOverlapOpensAtItsFirstOccurrenceNotBeforeTheRun() {
    // 2025-10-26 in Paris: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice.
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("daily"), Duration.ZERO, window("02:30", "05:00"));
    // 01:00 CEST, before both: the first 02:30 (CEST).
    assertThat(paris.nextRun(spec, Instant.parse("2025-10-24T23:00:00Z")))
        .isEqualTo(Instant.parse("2025-10-26T00:30:00Z"));
    // 02:15 CET, after the first 02:30 but outside again: the second 02:30 (CET).
    assertThat(paris.nextRun(spec, Instant.parse("2025-10-25T01:15:00Z")))
        .isEqualTo(Instant.parse("2025-10-26T01:30:00Z"));
  }

  @Test
  void monthlyFollowsTheCalendarThroughClockChanges() {
    ScheduleSpec spec = ScheduleSpec.of(Every.parse("monthly"));
    Instant run = paris("2025-01-15T10:00");
    for (String expected :
        new String[] {
          "2025-02-15T10:00",
          "2025-03-15T10:00",
          "2025-04-15T10:00",
          "2025-05-15T10:00",
          "2025-11-15T10:00"
        }) {
      while (run.isBefore(paris(expected))) {
        run = paris.nextRun(spec, run);
      }
      assertThat(run).isEqualTo(paris(expected));
    }
  }

  @Test
  void monthlyWithJitterStaysWithinHalfTheJitterOfTheCalendarDate() {
    ScheduleSpec spec = new ScheduleSpec(Every.parse("monthly"), Duration.ofDays(2), null);
    for (int i = 0; i < 1_000; i++) {
      assertThat(paris.nextRun(spec, paris("2025-02-10T08:00")))
          .isBetween(paris("2025-03-09T08:00"), paris("2025-03-11T08:00"));
    }
  }

  private static Instant utc(String local) {
    return LocalDateTime.parse(local).toInstant(ZoneOffset.UTC);
  }

  private static Instant paris(String local) {
    return LocalDateTime.parse(local).atZone(PARIS).toInstant();
  }
}
