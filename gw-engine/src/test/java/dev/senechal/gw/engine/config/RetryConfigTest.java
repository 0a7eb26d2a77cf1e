package dev.senechal.gw.engine.config;

import static dev.senechal.gw.engine.config.ConfigTesting.onlyProblem;
import static dev.senechal.gw.engine.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryConfigTest {

  private static RetryConfig retryOf(String yaml) {
    return parse(yaml).plugins().get("echo").retry();
  }

  @Test
  void defaultsToFourAttemptsThirtySecondsApart() {
    assertThat(retryOf("plugins: { echo: {} }\n"))
        .isEqualTo(RetryConfig.DEFAULT)
        .isEqualTo(new RetryConfig(4, Duration.ofSeconds(30)));
    assertThat(retryOf("plugins: { echo: { retry: {} } }\n")).isEqualTo(RetryConfig.DEFAULT);
  }

  @Test
  void readsEveryKey() {
    assertThat(retryOf("plugins: { echo: { retry: { max_attempts: 1, backoff_base: 2m } } }\n"))
        .isEqualTo(new RetryConfig(1, Duration.ofMinutes(2)));
  }

  @Test
  void anUnknownKeyIsReportedWithTheKeyItResembles() {
    ConfigProblem problem = onlyProblem("plugins:\n  echo:\n    retry:\n      max_attempt: 3\n");

    assertThat(problem.keyPath()).isEqualTo("plugins.echo.retry.max_attempt");
    assertThat(problem.line()).isEqualTo(4);
    assertThat(problem.message()).contains("did you mean 'max_attempts'?");
  }

  @Test
  void maxAttemptsIsAtLeastOne() {
    ConfigProblem problem = onlyProblem("plugins: { echo: { retry: { max_attempts: 0 } } }\n");

    assertThat(problem.keyPath()).isEqualTo("plugins.echo.retry.max_attempts");
    assertThat(problem.message()).isEqualTo("must be at least 1, got '0'");
    assertThat(onlyProblem("plugins: { echo: { retry: { max_attempts: 2.5 } } }\n").message())
        .isEqualTo("expected a whole number, got '2.5'");
    assertThatThrownBy(() -> new RetryConfig(0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
