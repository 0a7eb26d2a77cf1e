package dev.senechal.gw.engine.config;

import static dev.senechal.gw.engine.config.ConfigTesting.failure;
import static dev.senechal.gw.engine.config.ConfigTesting.onlyProblem;
import static dev.senechal.gw.engine.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ServiceConfigTest {

  @Test
  void defaultsWhenTheSectionIsAbsent() {
    ServiceConfig service = parse("plugins: {}\n").service();

    assertThat(service).isEqualTo(ServiceConfig.defaults());
    assertThat(service.name()).isEqualTo("senechal-gw");
    assertThat(service.tickInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(service.logLevel()).isEqualTo(LogLevel.INFO);
    assertThat(service.logFormat()).isEqualTo(LogFormat.JSON);
    assertThat(service.dedupeTtl()).isEqualTo(Duration.ofHours(24));
    assertThat(service.jobLogRetention()).isEqualTo(Duration.ofDays(30));
    assertThat(service.shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void anEmptySectionMeansDefaults() {
    assertThat(parse("service:\n").service()).isEqualTo(ServiceConfig.defaults());
  }

  @Test
  void readsEveryKey() {
    ServiceConfig service =
        parse(
                """
                service:
                  name: home-gw
                  tick_interval: 250ms
                  log_level: DEBUG
                  log_format: text
                  dedupe_ttl: 0
                  job_log_retention: 7d
                  shutdown_grace: 1m30s
                """)
            .service();

    assertThat(service)
        .isEqualTo(
            new ServiceConfig(
                "home-gw",
                Duration.ofMillis(250),
                LogLevel.DEBUG,
                LogFormat.TEXT,
                Duration.ZERO,
                Duration.ofDays(7),
                Duration.ofSeconds(90)));
  }

  @Test
  void anUnknownKeyIsReportedWithTheKeyItResembles() {
    ConfigProblem problem =
        onlyProblem(
            """
            service:
              name: gw
              tick_intervall: 5s
            """);

    assertThat(problem.keyPath()).isEqualTo("service.tick_intervall");
    assertThat(problem.line()).isEqualTo(3);
    assertThat(problem.message()).contains("did you mean 'tick_interval'?");
  }

  @Test
  void aCamelCaseKeyIsRecognised() {
    assertThat(onlyProblem("service: { logLevel: debug }\n").message())
        .contains("unknown key 'logLevel'", "did you mean 'log_level'?");
  }

  @Test
  void badValuesAreReportedTogether() {
    ConfigException e =
        failure(
            """
            service:
              name: ""
              tick_interval: 0s
              log_level: verbose
              log_format: xml
              dedupe_ttl: soon
              job_log_retention: 60
              shutdown_grace: [30s]
            """);

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::line)
        .containsExactly(
            tuple("service.name", 2),
            tuple("service.tick_interval", 3),
            tuple("service.log_level", 4),
            tuple("service.log_format", 5),
            tuple("service.dedupe_ttl", 6),
            tuple("service.job_log_retention", 7),
            tuple("service.shutdown_grace", 8));
    assertThat(e.problems())
        .extracting(ConfigProblem::message)
        .containsExactly(
            "is empty: expected a name",
            "must be above zero, got '0s'",
            "expected one of debug, info, warn, error, got 'verbose'",
            "expected one of json, text, got 'xml'",
            "expected a duration like 250ms, 30s, 5m, 6h or 1d, got 'soon'",
            "expected a duration like 250ms, 30s, 5m, 6h or 1d, got '60': a duration needs a"
                + " unit: ms, s, m, h or d",
            "expected a duration like 250ms, 30s, 5m, 6h or 1d, got a list");
  }

  @Test
  void anEnumValueCloseToAnAcceptedOneGetsASuggestion() {
    assertThat(onlyProblem("service: { log_level: warning }\n").message())
        .isEqualTo(
            "expected one of debug, info, warn, error, got 'warning' (did you mean 'warn'?)");
  }

  @Test
  void theSectionMustBeAMapping() {
    ConfigProblem problem = onlyProblem("service: fast\n");

    assertThat(problem.keyPath()).isEqualTo("service");
    assertThat(problem.message()).isEqualTo("expected a mapping of service settings, got 'fast'");
  }

  @Test
  void theRecordRefusesValuesOutOfRange() {
    ServiceConfig d = ServiceConfig.defaults();
    assertThatThrownBy(
            () ->
                new ServiceConfig(
                    d.name(),
                    Duration.ZERO,
                    d.logLevel(),
                    d.logFormat(),
                    d.dedupeTtl(),
                    d.jobLogRetention(),
                    d.shutdownGrace()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tickInterval");
  }
}
