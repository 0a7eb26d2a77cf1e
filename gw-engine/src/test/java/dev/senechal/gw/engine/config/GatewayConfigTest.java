package dev.senechal.gw.engine.config;

import static dev.senechal.gw.engine.config.ConfigTesting.FILE;
import static dev.senechal.gw.engine.config.ConfigTesting.failure;
import static dev.senechal.gw.engine.config.ConfigTesting.onlyProblem;
import static dev.senechal.gw.engine.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.senechal.gw.scheduler.Every;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GatewayConfigTest {
  private static final Map<String, String> SAMPLE_ENV =
      Map.of(
          "WITHINGS_CLIENT_ID", "withings-client-0042",
          "GITHUB_WEBHOOK_SECRET", "gh-webhook-secret-value",
          "GW_API_TOKEN", "api-token-0123456789abcdef");

  private static Path sample() throws URISyntaxException {
    return Path.of(GatewayConfigTest.class.getResource("/config/spec-sample.yaml").toURI());
  }

  @Test
  void aMinimalFileGetsEveryDefault() {
    GatewayConfig config = parse("plugins: {}\n");

    assertThat(config.file()).isEqualTo(FILE);
    assertThat(config.service()).isEqualTo(ServiceConfig.defaults());
    assertThat(config.state()).isEqualTo(StateConfig.defaults(FILE.getParent()));
    assertThat(config.pluginsDir()).isEqualTo(Path.of("/srv/gw/plugins"));
    assertThat(config.plugins()).isEmpty();
    assertThat(config.routes()).isEmpty();
    assertThat(config.webhooks()).isNull();
    assertThat(config.api()).isNull();
  }

  @Test
  void anEmptyMappingAndAnEmptyPluginsSectionAreFine() {
    assertThat(parse("{}\n").plugins()).isEmpty();
    assertThat(parse("plugins:\n").plugins()).isEmpty();
  }

  @Test
  void pluginsDirResolvesAgainstTheConfigFilesDirectory() {
    assertThat(parse("plugins_dir: ../connectors\n").pluginsDir())
        .isEqualTo(Path.of("/srv/connectors"));
    assertThat(parse("plugins_dir: /opt/gw/plugins\n").pluginsDir())
        .isEqualTo(Path.of("/opt/gw/plugins"));
  }

  @Test
  void anUnknownTopLevelKeyIsReportedWithTheKeyItResembles() {
    ConfigException e = failure("plugin:\n  echo: {}\nroute: []\ntick_interval: 5s\n");

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::line, ConfigProblem::message)
        .containsExactly(
            tuple("plugin", 1, "unknown key 'plugin' (did you mean 'plugins'?)"),
            tuple("route", 3, "unknown key 'route' (did you mean 'routes'?)"),
            tuple(
                "tick_interval",
                4,
                "unknown key 'tick_interval' (did you mean 'service.tick_interval'?)"));
  }

  @Test
  void theRootMustBeAMapping() {
    ConfigProblem problem = onlyProblem("- service\n- plugins\n");

    assertThat(problem.keyPath()).isEmpty();
    assertThat(problem.message())
        .isEqualTo(
            "expected a mapping with the sections service, state, plugins_dir, plugins, routes,"
                + " webhooks, api, got a list");
    assertThat(onlyProblem("").message()).startsWith("the file is empty");
    assertThat(onlyProblem("# only a comment\n").message()).startsWith("the file is empty");
  }

  @Test
  void pluginsMayBeEmptyButNotAList() {
    ConfigProblem problem = onlyProblem("plugins:\n  - echo\n  - withings\n");

    assertThat(problem.keyPath()).isEqualTo("plugins");
    assertThat(problem.line()).isEqualTo(2);
    assertThat(problem.message())
        .startsWith("expected a mapping of plugin name to its settings, got a list");
  }

  @Test
  void reportsEveryMistakeOfEverySectionAtOnce() {
    String yaml =
        """
        service:
          tick_interval: soon
          log_level: loud
        state:
          synchronous: maybe
        plugins:
          echo:
            schedule: { every: 5x }
            retry: { max_attempts: 0 }
            timeout: { poll: 5s }
        routes:
          - { from: echo, event_type: done, to: missing }
        webhooks:
          listen: 127.0.0.1:8081
          endpoints:
            - { path: hook, plugin: echo, scheme: github }
        api:
          listen: "127.0.0.1:99999"
          tokens:
            - { name: t, key: "${API_KEY}", scopes: [raed] }
        """;

    ConfigException e = failure(yaml);

    assertThat(e.problems())
        .extracting(ConfigProblem::line, ConfigProblem::keyPath)
        .containsExactly(
            tuple(2, "service.tick_interval"),
            tuple(3, "service.log_level"),
            tuple(5, "state.synchronous"),
            tuple(8, "plugins.echo.schedule.every"),
            tuple(9, "plugins.echo.retry.max_attempts"),
            tuple(10, "plugins.echo.timeout"),
            tuple(12, "routes[0].to"),
            tuple(16, "webhooks.endpoints[0].path"),
            tuple(16, "webhooks.endpoints[0].secret"),
            tuple(18, "api.listen"),
            tuple(20, "api.tokens[0].key"),
            tuple(20, "api.tokens[0].scopes[0]"));
    assertThat(e.getMessage().lines())
        .hasSize(12)
        .first()
        .isEqualTo(
            "/srv/gw/config.yaml:2: service.tick_interval: expected a duration like 250ms, 30s,"
                + " 5m, 6h or 1d, got 'soon'");
    assertThat(e.getMessage())
        .contains(
            "/srv/gw/config.yaml:10: plugins.echo.timeout: unknown key 'timeout' (did you mean"
                + " 'timeouts'?)",
            "/srv/gw/config.yaml:20: api.tokens[0].key: environment variable API_KEY is not set");
  }

  @Test
  void theSpecSampleLoadsOnceThePluginsItNamesAreConfigured()
      throws IOException, URISyntaxException {
    Path file = sample();
    String yaml =
        Files.readString(file)
            .replace("routes:\n", "  health-analyzer: {}\n  github-handler: {}\nroutes:\n");

    GatewayConfig config = ConfigLoader.parse(yaml, file, SAMPLE_ENV);

    Path directory = file.getParent();
    assertThat(config.file()).isEqualTo(file);
    assertThat(config.service()).isEqualTo(ServiceConfig.defaults());
    assertThat(config.state().path()).isEqualTo(directory.resolve("data/state.db"));
    assertThat(config.state().lockFile()).isEqualTo(directory.resolve("data/senechal-gw.lock"));
    assertThat(config.pluginsDir()).isEqualTo(directory.resolve("plugins"));
    assertThat(config.plugins().keySet())
        .containsExactly("withings", "health-analyzer", "github-handler");

    PluginConfig withings = config.plugins().get("withings");
    assertThat(withings.enabled()).isTrue();
    assertThat(withings.schedule())
        .isEqualTo(
            new ScheduleConfig(
                Every.parse("6h"),
                Duration.ofMinutes(30),
                new WindowConfig(LocalTime.of(6, 0), LocalTime.of(22, 0)),
                "{}",
                "poll"));
    assertThat(withings.config()).isEqualTo("{\"client_id\":\"withings-client-0042\"}");
    assertThat(withings.redactedConfig()).isEqualTo("{\"client_id\":\"******\"}");
    assertThat(withings.retry()).isEqualTo(RetryConfig.DEFAULT);
    assertThat(withings.timeouts()).isEqualTo(TimeoutsConfig.DEFAULT);
    assertThat(withings.circuitBreaker()).isEqualTo(CircuitBreakerConfig.DEFAULT);
    assertThat(withings.maxOutstandingPolls()).isEqualTo(1);

    assertThat(config.routes())
        .containsExactly(new RouteConfig("withings", "new_health_data", "health-analyzer"));
    assertThat(config.webhooks().listen()).isEqualTo(new HostPort("127.0.0.1", 8081));
    assertThat(config.webhooks().endpoints())
        .containsExactly(
            new WebhookEndpointConfig(
                "/hook/github",
                "github-handler",
                "handle",
                Secret.of("gh-webhook-secret-value"),
                "X-Hub-Signature-256",
                WebhookScheme.GITHUB,
                1024 * 1024));
    assertThat(config.api())
        .isEqualTo(
            new ApiConfig(
                new HostPort("127.0.0.1", 8080),
                List.of(
                    new ApiTokenConfig(
                        "laptop",
                        Secret.of("api-token-0123456789abcdef"),
                        List.of("read", "trigger:*", "admin")))));
    assertThat(config.toString())
        .doesNotContain(
            "withings-client-0042", "gh-webhook-secret-value", "api-token-0123456789abcdef");
  }

  @Test
  void theSpecSampleVerbatimOnlyLacksThePluginsItRoutesTo() throws URISyntaxException {
    // The sample routes to health-analyzer and serves github-handler without configuring either;
    // an unconfigured plugin never runs, so both references are reported, and nothing else is.
    ConfigException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class, () -> ConfigLoader.load(sample(), SAMPLE_ENV));

    assertThat(e.problems())
        .extracting(ConfigProblem::line, ConfigProblem::keyPath)
        .containsExactly(tuple(24, "routes[0].to"), tuple(29, "webhooks.endpoints[0].plugin"));
    assertThat(e.problems().get(0).message())
        .isEqualTo(
            "names plugin 'health-analyzer', which is not configured under plugins: (configured:"
                + " withings)");
  }

  @Test
  void theSampleWithoutItsEnvironmentNamesEachMissingVariable() throws URISyntaxException {
    ConfigException e =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class, () -> ConfigLoader.load(sample(), Map.of()));

    assertThat(e.problems())
        .filteredOn(p -> p.message().startsWith("environment variable"))
        .extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly(
            tuple(
                "plugins.withings.config.client_id",
                "environment variable WITHINGS_CLIENT_ID is not set (set it, or give a default:"
                    + " ${WITHINGS_CLIENT_ID:-default})"),
            tuple(
                "webhooks.endpoints[0].secret",
                "environment variable GITHUB_WEBHOOK_SECRET is not set (set it, or give a default:"
                    + " ${GITHUB_WEBHOOK_SECRET:-default})"),
            tuple(
                "api.tokens[0].key",
                "environment variable GW_API_TOKEN is not set (set it, or give a default:"
                    + " ${GW_API_TOKEN:-default})"));
  }
}
