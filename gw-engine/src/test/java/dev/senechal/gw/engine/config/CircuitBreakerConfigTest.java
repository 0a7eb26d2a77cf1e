package dev.senechal.gw.engine.config;

import static dev.senechal.gw.engine.config.ConfigTesting.onlyProblem;
import static dev.senechal.gw.engine.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CircuitBreakerConfigTest {

  private static CircuitBreakerConfig breakerOf(String yaml) {
    return parse(yaml).plugins().get("echo").circuitBreaker();
  }

  @Test
  void defaultsToThreeFailuresAndThirtyMinutes() {
    assertThat(breakerOf("plugins: { echo: {} }\n"))
        .isEqualTo(CircuitBreakerConfig.DEFAULT)
        .isEqualTo(new CircuitBreakerConfig(3, Duration.ofMinutes(30)));
  }

  @Test
  void readsEveryKey() {
    assertThat(
            breakerOf(
                "plugins: { echo: { circuit_breaker: { threshold: 10, reset_after: 1h30m } } }\n"))
        .isEqualTo(new CircuitBreakerConfig(10, Duration.ofMinutes(90)));
  }

  @Test
  void anUnknownKeyIsReportedWithTheKeyItResembles() {
    ConfigProblem problem =
        onlyProblem("plugins: { echo: { circuit_breaker: { treshold: 5 } } }\n");

    assertThat(problem.keyPath()).isEqualTo("plugins.echo.circuit_breaker.treshold");
    assertThat(problem.message()).contains("did you mean 'threshold'?");
  }

  @Test
  void rangesAreChecked() {
    assertThat(onlyProblem("plugins: { echo: { circuit_breaker: { threshold: -1 } } }\n"))
        .extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly("plugins.echo.circuit_breaker.threshold", "must be at least 1, got '-1'");
    assertThat(onlyProblem("plugins: { echo: { circuit_breaker: { reset_after: 0 } } }\n"))
        .extracting(ConfigProblem::message)
        .isEqualTo("must be above zero, got '0'");
  }
}
