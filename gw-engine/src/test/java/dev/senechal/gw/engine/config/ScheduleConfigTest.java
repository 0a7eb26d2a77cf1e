package dev.senechal.gw.engine.config;

import static dev.senechal.gw.engine.config.ConfigTesting.failure;
import static dev.senechal.gw.engine.config.ConfigTesting.onlyProblem;
import static dev.senechal.gw.engine.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.senechal.gw.scheduler.Every;
import java.time.Duration;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class ScheduleConfigTest {

  private static ScheduleConfig scheduleOf(String yaml) {
    return parse(yaml).plugins().get("echo").schedule();
  }

  @Test
  void noScheduleByDefault() {
    assertThat(scheduleOf("plugins: { echo: {} }\n")).isNull();
  }

  @Test
  void onlyEveryIsRequired() {
    ScheduleConfig schedule = scheduleOf("plugins: { echo: { schedule: { every: 15m } } }\n");

    assertThat(schedule).isEqualTo(ScheduleConfig.every(Every.parse("15m")));
    assertThat(schedule.jitter()).isEqualTo(Duration.ZERO);
    assertThat(schedule.preferredWindow()).isNull();
    assertThat(schedule.payload()).isEqualTo("{}");
    assertThat(schedule.command()).isEqualTo("poll");
  }

  @Test
  void readsEveryKey() {
    ScheduleConfig schedule =
        scheduleOf(
            """
            plugins:
              echo:
                schedule:
                  every: daily
                  jitter: 1h
                  preferred_window: { start: "22:00", end: "6:30" }
                  payload: { full: true, pages: 3, tags: [a, b], note: "${NOTE:-none}" }
                  command: sync
            """);

    assertThat(schedule.every()).isEqualTo(Every.parse("daily"));
    assertThat(schedule.jitter()).isEqualTo(Duration.ofHours(1));
    assertThat(schedule.preferredWindow())
        .isEqualTo(new WindowConfig(LocalTime.of(22, 0), LocalTime.of(6, 30)));
    assertThat(schedule.preferredWindow().wrapsMidnight()).isTrue();
    assertThat(schedule.payload())
        .isEqualTo("{\"full\":true,\"pages\":3,\"tags\":[\"a\",\"b\"],\"note\":\"none\"}");
    assertThat(schedule.command()).isEqualTo("sync");
  }

  @Test
  void anUnknownKeyIsReportedWithTheKeyItResembles() {
    ConfigProblem problem =
        onlyProblem("plugins: { echo: { schedule: { every: 5m, jiter: 1m } } }\n");

    assertThat(problem.keyPath()).isEqualTo("plugins.echo.schedule.jiter");
    assertThat(problem.message()).isEqualTo("unknown key 'jiter' (did you mean 'jitter'?)");
  }

  @Test
  void aScheduleKeyOneLevelTooHighIsPointedDown() {
    ConfigProblem problem = onlyProblem("plugins: { echo: { every: 5m } }\n");

    assertThat(problem.keyPath()).isEqualTo("plugins.echo.every");
    assertThat(problem.message()).isEqualTo("unknown key 'every' (did you mean 'schedule.every'?)");
  }

  @Test
  void everyUsesTheSchedulerGrammar() {
    ConfigProblem problem =
        onlyProblem(
            """
            plugins:
              echo:
                schedule:
                  every: 5x
            """);

    assertThat(problem.toString())
        .startsWith("/srv/gw/config.yaml:4: plugins.echo.schedule.every: '5x' is not an interval:");
    assertThat(onlyProblem("plugins: { echo: { schedule: { every: '*/5 * * * *' } } }\n").message())
        .contains("no crontab syntax");
  }

  @Test
  void everyIsRequired() {
    ConfigProblem problem = onlyProblem("plugins:\n  echo:\n    schedule: { jitter: 1m }\n");

    assertThat(problem.keyPath()).isEqualTo("plugins.echo.schedule.every");
    assertThat(problem.line()).isEqualTo(3);
    assertThat(problem.message()).startsWith("is missing (required: the interval");
  }

  @Test
  void jitterMustBeSmallerThanTheInterval() {
    ConfigProblem problem =
        onlyProblem("plugins: { echo: { schedule: { every: 30m, jitter: 30m } } }\n");

    assertThat(problem.keyPath()).isEqualTo("plugins.echo.schedule.jitter");
    assertThat(problem.message())
        .isEqualTo("must be smaller than the interval (every: 30m), got 30m");
    assertThatThrownBy(
            () -> new ScheduleConfig(Every.parse("1h"), Duration.ofHours(2), null, "{}", "poll"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void windowTimesAreCheckedAndMustDiffer() {
    ConfigException e =
        failure(
            """
            plugins:
              a: { schedule: { every: 1h, preferred_window: { start: "06:00", end: "06:00" } } }
              b: { schedule: { every: 1h, preferred_window: { start: "25:00", end: "noon" } } }
              c: { schedule: { every: 1h, preferred_window: { start: "06:00" } } }
            """);

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::line)
        .containsExactly(
            tuple("plugins.a.schedule.preferred_window", 2),
            tuple("plugins.b.schedule.preferred_window.start", 3),
            tuple("plugins.b.schedule.preferred_window.end", 3),
            tuple("plugins.c.schedule.preferred_window.end", 4));
    assertThat(e.problems().get(0).message()).startsWith("start and end are both 06:00");
    assertThat(e.problems().get(1).message())
        .isEqualTo("expected a local time like \"06:00\" (HH:MM, 00:00 to 23:59), got '25:00'");
  }

  @Test
  void payloadMustBeAMapping() {
    assertThat(onlyProblem("plugins: { echo: { schedule: { every: 1h, payload: [1] } } }\n"))
        .extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly("plugins.echo.schedule.payload", "expected a mapping, got a list");
  }
}
