package dev.senechal.gw.engine.config;

import static dev.senechal.gw.engine.config.ConfigTesting.failure;
import static dev.senechal.gw.engine.config.ConfigTesting.onlyProblem;
import static dev.senechal.gw.engine.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.senechal.gw.scheduler.Every;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PluginConfigTest {

  @Test
  void aPluginWithNoSettingsGetsTheDefaults() {
    PluginConfig echo = parse("plugins:\n  echo:\n").plugins().get("echo");

    assertThat(echo).isEqualTo(PluginConfig.defaults("echo", "{}"));
    assertThat(echo.enabled()).isTrue();
    assertThat(echo.schedule()).isNull();
    assertThat(echo.config()).isEqualTo("{}");
    assertThat(echo.retry()).isEqualTo(RetryConfig.DEFAULT);
    assertThat(echo.timeouts()).isEqualTo(TimeoutsConfig.DEFAULT);
    assertThat(echo.circuitBreaker()).isEqualTo(CircuitBreakerConfig.DEFAULT);
    assertThat(echo.maxOutstandingPolls()).isEqualTo(1);
    assertThat(echo.env()).isEmpty();
    assertThat(echo.inheritEnv()).isEmpty();
    assertThat(echo.configHasSecrets()).isFalse();
  }

  @Test
  void readsEveryKey() {
    PluginConfig withings =
        parse(
                """
                plugins:
                  withings:
                    enabled: false
                    schedule: { every: 6h }
                    config:
                      client_id: abc
                      scopes: [user.metrics, user.activity]
                      limits: { per_page: 100, ratio: 0.5, strict: false, proxy: null }
                    retry: { max_attempts: 2, backoff_base: 10s }
                    timeouts: { poll: 90s }
                    circuit_breaker: { threshold: 5, reset_after: 1h }
                    max_outstanding_polls: 3
                    env: { LANGUAGE: fr, RETRIES: 3 }
                    inherit_env: [HTTPS_PROXY, NO_PROXY]
                """)
            .plugins()
            .get("withings");

    assertThat(withings.name()).isEqualTo("withings");
    assertThat(withings.enabled()).isFalse();
    assertThat(withings.schedule()).isEqualTo(ScheduleConfig.every(Every.parse("6h")));
    assertThat(withings.config())
        .isEqualTo(
            "{\"client_id\":\"abc\",\"scopes\":[\"user.metrics\",\"user.activity\"],"
                + "\"limits\":{\"per_page\":100,\"ratio\":0.5,\"strict\":false,\"proxy\":null}}");
    assertThat(withings.retry()).isEqualTo(new RetryConfig(2, Duration.ofSeconds(10)));
    assertThat(withings.timeouts().poll()).isEqualTo(Duration.ofSeconds(90));
    assertThat(withings.circuitBreaker())
        .isEqualTo(new CircuitBreakerConfig(5, Duration.ofHours(1)));
    assertThat(withings.maxOutstandingPolls()).isEqualTo(3);
    assertThat(withings.env())
        .containsExactly(Map.entry("LANGUAGE", "fr"), Map.entry("RETRIES", "3"));
    assertThat(withings.inheritEnv()).containsExactly("HTTPS_PROXY", "NO_PROXY");
  }

  @Test
  void pluginsKeepTheirFileOrder() {
    GatewayConfig config = parse("plugins:\n  zeta: {}\n  alpha: {}\n  mid: {}\n");

    assertThat(config.plugins().keySet()).containsExactly("zeta", "alpha", "mid");
  }

  @Test
  void anUnknownKeyIsReportedWithTheKeyItResembles() {
    ConfigProblem problem = onlyProblem("plugins:\n  echo:\n    enabeld: true\n");

    assertThat(problem.keyPath()).isEqualTo("plugins.echo.enabeld");
    assertThat(problem.line()).isEqualTo(3);
    assertThat(problem.message()).isEqualTo("unknown key 'enabeld' (did you mean 'enabled'?)");
  }

  @Test
  void anUnknownKeyWithNothingCloseListsTheKnownKeys() {
    assertThat(onlyProblem("plugins: { echo: { colour: blue } }\n").message())
        .isEqualTo(
            "unknown key 'colour' (expected one of: enabled, schedule, config, retry, timeouts,"
                + " circuit_breaker, max_outstanding_polls, env, inherit_env)");
  }

  @Test
  void pluginNamesAreLowerCaseWords() {
    ConfigException e = failure("plugins:\n  Echo: {}\n  my plugin: {}\n  ok-name_2: {}\n");

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::line)
        .containsExactly(tuple("plugins.Echo", 2), tuple("plugins.my plugin", 3));
    assertThat(e.problems().get(0).message()).startsWith("'Echo' is not a valid plugin name");
  }

  @Test
  void valuesFromTheEnvironmentAreMarkedAsSecretsAndRedacted() {
    PluginConfig withings =
        parse(
                """
                plugins:
                  withings:
                    config:
                      client_id: "${WITHINGS_CLIENT_ID}"
                      region: eu
                      accounts: [{ token: "${ACCOUNT_TOKEN}" }]
                      "a/b": "${WITHINGS_CLIENT_ID}"
                """,
                Map.of("WITHINGS_CLIENT_ID", "id-123-secret", "ACCOUNT_TOKEN", "tok-456-secret"))
            .plugins()
            .get("withings");

    assertThat(withings.config()).contains("id-123-secret", "tok-456-secret");
    assertThat(withings.configHasSecrets()).isTrue();
    assertThat(withings.secretConfigPaths())
        .containsExactly("/client_id", "/accounts/0/token", "/a~1b");
    assertThat(withings.redactedConfig())
        .isEqualTo(
            "{\"client_id\":\"******\",\"region\":\"eu\",\"accounts\":[{\"token\":\"******\"}],"
                + "\"a/b\":\"******\"}");
    assertThat(withings.toString()).doesNotContain("id-123-secret", "tok-456-secret");
  }

  @Test
  void toStringShowsNeitherConfigNorEnvValues() {
    PluginConfig plugin =
        new PluginConfig(
            "p",
            true,
            null,
            "{\"password\":\"hunter2\"}",
            RetryConfig.DEFAULT,
            TimeoutsConfig.DEFAULT,
            CircuitBreakerConfig.DEFAULT,
            1,
            Map.of("API_TOKEN", "hunter3"),
            List.of(),
            List.of("/password"));

    assertThat(plugin.toString()).doesNotContain("hunter2", "hunter3").contains("API_TOKEN");
  }

  @Test
  void configAndEnvMustHaveTheRightShape() {
    ConfigException e =
        failure(
            """
            plugins:
              echo:
                config: [a, b]
                env: { 1BAD: x, GOOD: [nested] }
                inherit_env: [PATH, PATH, "no-dashes"]
                max_outstanding_polls: 0
                enabled: maybe
            """);

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly(
            tuple("plugins.echo.config", "expected a mapping, got a list"),
            tuple(
                "plugins.echo.env.1BAD",
                "'1BAD' is not an environment variable name: letters, digits and '_', not"
                    + " starting with a digit"),
            tuple("plugins.echo.env.GOOD", "expected a single value, got a list"),
            tuple(
                "plugins.echo.inherit_env[1]",
                "'PATH' is listed twice (first at" + " plugins.echo.inherit_env[0])"),
            tuple(
                "plugins.echo.inherit_env[2]",
                "'no-dashes' is not an environment variable name: letters, digits and '_', not"
                    + " starting with a digit"),
            tuple("plugins.echo.max_outstanding_polls", "must be at least 1, got '0'"),
            tuple("plugins.echo.enabled", "expected true or false, got 'maybe'"));
  }

  @Test
  void configValuesAreNeverQuotedInMessages() {
    ConfigException e =
        failure("plugins: { echo: { config: { password: .inf, token: '${NOPE}' } } }\n");

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath)
        .containsExactly("plugins.echo.config.password", "plugins.echo.config.token");
    assertThat(e.getMessage()).contains("NOPE is not set").doesNotContain(".inf");
  }
}
