package dev.senechal.gw.engine.config;

import static dev.senechal.gw.engine.config.ConfigTesting.onlyProblem;
import static dev.senechal.gw.engine.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeoutsConfigTest {

  private static TimeoutsConfig timeoutsOf(String yaml) {
    return parse(yaml).plugins().get("echo").timeouts();
  }

  @Test
  void defaultsFollowTheSpec() {
    TimeoutsConfig timeouts = timeoutsOf("plugins: { echo: {} }\n");

    assertThat(timeouts).isEqualTo(TimeoutsConfig.DEFAULT);
    assertThat(timeouts.poll()).isEqualTo(Duration.ofSeconds(60));
    assertThat(timeouts.handle()).isEqualTo(Duration.ofSeconds(120));
    assertThat(timeouts.health()).isEqualTo(Duration.ofSeconds(10));
    assertThat(timeouts.init()).isEqualTo(Duration.ofSeconds(30));
    assertThat(timeouts.other()).isEmpty();
  }

  @Test
  void readsEveryKeyAndFurtherCommandsInFileOrder() {
    TimeoutsConfig timeouts =
        timeoutsOf(
            """
            plugins:
              echo:
                timeouts: { poll: 5s, handle: 2m, health: 1s, init: 45s, sync: 10m, backfill: 1h }
            """);

    assertThat(timeouts.poll()).isEqualTo(Duration.ofSeconds(5));
    assertThat(timeouts.handle()).isEqualTo(Duration.ofMinutes(2));
    assertThat(timeouts.health()).isEqualTo(Duration.ofSeconds(1));
    assertThat(timeouts.init()).isEqualTo(Duration.ofSeconds(45));
    assertThat(timeouts.other().keySet()).containsExactly("sync", "backfill");
    assertThat(timeouts.forCommand("sync")).isEqualTo(Duration.ofMinutes(10));
    assertThat(timeouts.forCommand("poll")).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void anUnknownCommandGetsTheHandleTimeout() {
    TimeoutsConfig timeouts = timeoutsOf("plugins: { echo: { timeouts: { handle: 3m } } }\n");

    assertThat(timeouts.forCommand("whatever")).isEqualTo(Duration.ofMinutes(3));
    assertThat(timeouts.poll()).isEqualTo(Duration.ofSeconds(60));
  }

  @Test
  void anyCommandNameIsAKeyButItMustLookLikeOne() {
    // timeouts is a map of command names, so there is no "unknown key" here: a command the
    // manifest does not declare is the engine's check; a malformed name is ours.
    ConfigProblem problem = onlyProblem("plugins: { echo: { timeouts: { 'sync now': 5s } } }\n");

    assertThat(problem.keyPath()).isEqualTo("plugins.echo.timeouts.sync now");
    assertThat(problem.message()).startsWith("'sync now' is not a command name");
  }

  @Test
  void aTimeoutIsAboveZero() {
    assertThat(onlyProblem("plugins: { echo: { timeouts: { poll: 0ms } } }\n"))
        .extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly("plugins.echo.timeouts.poll", "must be above zero, got '0ms'");
    assertThatThrownBy(
            () ->
                new TimeoutsConfig(
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    Map.of("poll", Duration.ofSeconds(1))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
