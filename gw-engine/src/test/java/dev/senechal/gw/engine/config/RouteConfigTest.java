package dev.senechal.gw.engine.config;

import static dev.senechal.gw.engine.config.ConfigTesting.failure;
import static dev.senechal.gw.engine.config.ConfigTesting.onlyProblem;
import static dev.senechal.gw.engine.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import org.junit.jupiter.api.Test;

class RouteConfigTest {
  private static final String PLUGINS = "plugins: { withings: {}, health-analyzer: {} }\n";

  @Test
  void noRoutesByDefault() {
    assertThat(parse(PLUGINS).routes()).isEmpty();
    assertThat(parse(PLUGINS + "routes:\n").routes()).isEmpty();
  }

  @Test
  void commandDefaultsToHandle() {
    assertThat(
            parse(PLUGINS + "routes: [{ from: withings, event_type: new, to: health-analyzer }]\n")
                .routes())
        .containsExactly(new RouteConfig("withings", "new", "health-analyzer", "handle"));
  }

  @Test
  void readsEveryKeyInFileOrder() {
    GatewayConfig config =
        parse(
            PLUGINS
                + """
routes:
  - { from: withings, event_type: new_health_data, to: health-analyzer, command: ingest }
  - from: health-analyzer
    event_type: alert
    to: withings
""");

    assertThat(config.routes())
        .containsExactly(
            new RouteConfig("withings", "new_health_data", "health-analyzer", "ingest"),
            new RouteConfig("health-analyzer", "alert", "withings", "handle"));
  }

  @Test
  void anUnknownKeyIsReportedWithTheKeyItResembles() {
    ConfigProblem problem =
        onlyProblem(
            PLUGINS + "routes:\n  - { from: withings, event: x, event_type: y, to: withings }\n");

    assertThat(problem.keyPath()).isEqualTo("routes[0].event");
    assertThat(problem.line()).isEqualTo(3);
    assertThat(problem.message()).isEqualTo("unknown key 'event' (did you mean 'event_type'?)");
  }

  @Test
  void routesNameConfiguredPlugins() {
    ConfigException e =
        failure(
            PLUGINS
                + """
                  routes:
                    - { from: withing, event_type: x, to: health-analyser }
                    - { from: github, event_type: x, to: withings }
                  """);

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly(
            tuple(
                "routes[0].from",
                "names plugin 'withing', which is not configured under plugins: (did you mean"
                    + " 'withings'?)"),
            tuple(
                "routes[0].to",
                "names plugin 'health-analyser', which is not configured under plugins: (did you"
                    + " mean 'health-analyzer'?)"),
            tuple(
                "routes[1].from",
                "names plugin 'github', which is not configured under plugins: (configured:"
                    + " withings, health-analyzer)"));
  }

  @Test
  void requiredKeysAndShapes() {
    ConfigException e =
        failure(
            PLUGINS
                + """
                  routes:
                    - { from: withings }
                    - just-a-string
                    - { from: withings, event_type: x, to: withings }
                    - { from: withings, event_type: x, to: withings }
                  """);

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::line)
        .containsExactly(
            tuple("routes[0].event_type", 3),
            tuple("routes[0].to", 3),
            tuple("routes[1]", 4),
            tuple("routes[3]", 6));
    assertThat(e.problems().get(0).message())
        .isEqualTo("is missing (required: the event type to match)");
    assertThat(e.problems().get(2).message())
        .isEqualTo("expected a route with from, event_type and to, got 'just-a-string'");
    assertThat(e.problems().get(3).message()).startsWith("repeats routes[2]");
  }

  @Test
  void routesMustBeAList() {
    assertThat(onlyProblem(PLUGINS + "routes: { from: withings }\n").message())
        .startsWith("expected a list of routes");
  }
}
