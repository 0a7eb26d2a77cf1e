package dev.senechal.gw.engine.config;

import static dev.senechal.gw.engine.config.ConfigTesting.failure;
import static dev.senechal.gw.engine.config.ConfigTesting.onlyProblem;
import static dev.senechal.gw.engine.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ${VAR}} and {@code ${VAR:-default}} in every scalar, before it is typed. */
class InterpolationTest {

  @Test
  void aSetVariableIsSubstitutedBeforeTyping() {
    GatewayConfig config =
        parse(
            "service: { tick_interval: '${TICK}', name: 'gw-${HOST}-main' }\n",
            Map.of("TICK", "5s", "HOST", "pi"));

    assertThat(config.service().tickInterval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.service().name()).isEqualTo("gw-pi-main");
  }

  @Test
  void theDefaultIsUsedWhenTheVariableIsUnsetOrEmpty() {
    String yaml = "service: { tick_interval: '${TICK:-60s}', log_level: '${LEVEL:-warn}' }\n";

    assertThat(parse(yaml).service().tickInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(parse(yaml, Map.of("LEVEL", "")).service().logLevel()).isEqualTo(LogLevel.WARN);
    assertThat(parse(yaml, Map.of("TICK", "2m")).service().tickInterval())
        .isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void anUnquotedReferenceWorksToo() {
    assertThat(parse("service:\n  tick_interval: ${TICK:-30s}\n").service().tickInterval())
        .isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void anUnsetVariableWithoutDefaultNamesTheKeyAndTheVariable() {
    ConfigProblem problem = onlyProblem("service:\n  name: ${GW_NAME}\n");

    assertThat(problem.keyPath()).isEqualTo("service.name");
    assertThat(problem.line()).isEqualTo(2);
    assertThat(problem.message())
        .isEqualTo(
            "environment variable GW_NAME is not set (set it, or give a default:"
                + " ${GW_NAME:-default})");
  }

  @Test
  void aVariableSetToNothingIsEmptyNotMissing() {
    assertThat(onlyProblem("service: { name: '${GW_NAME}' }\n").message()).contains("not set");
    assertThat(failure("service: { name: '${GW_NAME}' }\n", Map.of("GW_NAME", "")).getMessage())
        .contains("service.name: is empty");
  }

  @Test
  void aDollarDollarBraceIsALiteral() {
    GatewayConfig config =
        parse(
            "plugins: { echo: { config: { template: 'Hi $${USER}, costs $5', raw: '$$HOME' } } }\n",
            Map.of("USER", "nobody"));

    assertThat(config.plugins().get("echo").config())
        .isEqualTo("{\"template\":\"Hi ${USER}, costs $5\",\"raw\":\"$$HOME\"}");
    assertThat(config.plugins().get("echo").configHasSecrets()).isFalse();
  }

  @Test
  void aValueFromTheEnvironmentIsNotExpandedAgain() {
    GatewayConfig config = parse("service: { name: '${A}' }\n", Map.of("A", "${B}", "B", "never"));

    assertThat(config.service().name()).isEqualTo("${B}");
  }

  @Test
  void malformedReferencesAreReported() {
    ConfigException e =
        failure(
            """
            service:
              name: "${UNCLOSED"
              log_format: "${1BAD}"
            """);

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly(
            tuple(
                "service.name",
                "has a '${' without its closing '}' (write '$${' for a literal '${')"),
            tuple(
                "service.log_format",
                "has '${1BAD}' whose variable name is not letters, digits and '_' (not starting"
                    + " with a digit); write '$${' for a literal '${'"));
  }

  @Test
  void aBadValueFromTheEnvironmentSaysWhereItCameFrom() {
    assertThat(
            onlyProblem("service: { tick_interval: '${TICK}' }\n", Map.of("TICK", "often"))
                .message())
        .isEqualTo(
            "expected a duration like 250ms, 30s, 5m, 6h or 1d, got 'often' (from '${TICK}')");
  }

  @Test
  void secretsNeverAppearInMessages() {
    Map<String, String> env =
        Map.of(
            "WEBHOOK_SECRET", "wh-secret-AAAA",
            "API_KEY", "api-secret-BBBB-0123456789",
            "CLIENT_SECRET", "client-secret-CCCC",
            "PLUGIN_TOKEN", "plugin-token-DDDD");
    ConfigException e =
        failure(
            """
            plugins:
              echo:
                config: { client_secret: "${CLIENT_SECRET}", nested: { x: .nan } }
                env: { TOKEN: "${PLUGIN_TOKEN}", OTHER: { no: way } }
            webhooks:
              listen: 127.0.0.1:0
              endpoints:
                - { path: /a, plugin: nobody, secret: "${WEBHOOK_SECRET}", scheme: githb }
                - { path: /b, plugin: echo, secret: { literal: in-a-map }, scheme: github }
            api:
              listen: 127.0.0.1:0
              tokens:
                - { name: t, key: "${API_KEY}", scopes: [write] }
                - { name: u, key: [literal-key-in-a-list], scopes: [read] }
            """,
            env);

    assertThat(e.problems()).hasSize(7);
    assertThat(e.getMessage())
        .doesNotContain(
            "wh-secret-AAAA",
            "api-secret-BBBB",
            "client-secret-CCCC",
            "plugin-token-DDDD",
            "in-a-map",
            "literal-key-in-a-list");
  }
}
