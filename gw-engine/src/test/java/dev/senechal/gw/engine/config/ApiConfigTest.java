package dev.senechal.gw.engine.config;

import static dev.senechal.gw.engine.config.ConfigTesting.failure;
import static dev.senechal.gw.engine.config.ConfigTesting.onlyProblem;
import static dev.senechal.gw.engine.config.ConfigTesting.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ApiConfigTest {
  private static final String PLUGINS = "plugins: { echo: {}, withings: {} }\n";
  private static final String KEY = "k3y-0123456789abcdef";

  @Test
  void absentUnlessConfigured() {
    assertThat(parse(PLUGINS).api()).isNull();
  }

  @Test
  void listenAloneGivesNoTokens() {
    ApiConfig api = parse(PLUGINS + "api: { listen: 127.0.0.1:8080 }\n").api();

    assertThat(api).isEqualTo(new ApiConfig(new HostPort("127.0.0.1", 8080), List.of()));
  }

  @Test
  void readsEveryKey() {
    ApiConfig api =
        parse(
                PLUGINS
                    + """
api:
  listen: 0.0.0.0:8080
  tokens:
    - name: laptop
      key: ${GW_API_TOKEN}
      scopes: [read, "trigger:*", admin, "trigger:echo", "trigger:withings:sync"]
    - { name: phone, key: another-key-of-16+, scopes: [read] }
""",
                Map.of("GW_API_TOKEN", KEY))
            .api();

    assertThat(api.listen()).isEqualTo(new HostPort("0.0.0.0", 8080));
    assertThat(api.tokens())
        .containsExactly(
            new ApiTokenConfig(
                "laptop",
                Secret.of(KEY),
                List.of("read", "trigger:*", "admin", "trigger:echo", "trigger:withings:sync")),
            new ApiTokenConfig("phone", Secret.of("another-key-of-16+"), List.of("read")));
    assertThat(api.toString()).doesNotContain(KEY, "another-key-of-16+");
  }

  @Test
  void anUnknownKeyIsReportedWithTheKeyItResembles() {
    ConfigProblem problem =
        onlyProblem(
            PLUGINS
                + "api:\n  listen: 127.0.0.1:8080\n  tokens:\n    - { name: a, key: "
                + KEY
                + ", scope: [read] , scopes: [read] }\n");

    assertThat(problem.keyPath()).isEqualTo("api.tokens[0].scope");
    assertThat(problem.message()).isEqualTo("unknown key 'scope' (did you mean 'scopes'?)");
  }

  @Test
  void aWrongScopeIsReportedWithoutShowingTheKey() {
    String secretKey = "super-secret-token-value-42";
    ConfigException e =
        failure(
            PLUGINS
                + """
                  api:
                    listen: 127.0.0.1:8080
                    tokens:
                      - { name: laptop, key: "${GW_API_TOKEN}", scopes: [reed, "write:*"] }
                      - { name: cron, key: literal-super-secret-key, scopes: ["trigger:nope"] }
                  """,
            Map.of("GW_API_TOKEN", secretKey));

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly(
            tuple(
                "api.tokens[0].scopes[0]",
                "unknown scope 'reed' (did you mean 'read'?); a scope is read, admin, trigger:*,"
                    + " trigger:<plugin> or trigger:<plugin>:<command>"),
            tuple(
                "api.tokens[0].scopes[1]",
                "unknown scope 'write:*'; a scope is read, admin, trigger:*, trigger:<plugin> or"
                    + " trigger:<plugin>:<command>"),
            tuple(
                "api.tokens[1].scopes[0]",
                "names plugin 'nope', which is not configured under plugins: (configured: echo,"
                    + " withings)"));
    assertThat(e.getMessage()).doesNotContain(secretKey, "literal-super-secret-key");
    assertThat(e.problems().toString()).doesNotContain(secretKey, "literal-super-secret-key");
  }

  @Test
  void tokensNeedAStrongUniqueKeyAUniqueNameAndScopes() {
    ConfigException e =
        failure(
            PLUGINS
                + """
                  api:
                    listen: 127.0.0.1:8080
                    tokens:
                      - { name: a, key: short, scopes: [read] }
                      - { name: a, key: same-key-0123456789, scopes: [] }
                      - { name: b, key: same-key-0123456789 }
                      - { key: ["not", "a", "string"], scopes: [admin, admin] }
                  """);

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly(
            tuple(
                "api.tokens[0].key",
                "is too weak: a token key needs at least 16 characters (e.g. the output of"
                    + " 'openssl rand -hex 32')"),
            tuple(
                "api.tokens[1].name",
                "'a' is already the name of api.tokens[0]: each token needs its own name"),
            tuple(
                "api.tokens[1].scopes",
                "is empty: list at least one scope (a scope is read, admin, trigger:*,"
                    + " trigger:<plugin> or trigger:<plugin>:<command>)"),
            tuple(
                "api.tokens[2].key",
                "is the same as the key of api.tokens[1]: give each token its own key"),
            tuple(
                "api.tokens[2].scopes",
                "is missing (required: what the token may do: a scope is read, admin, trigger:*,"
                    + " trigger:<plugin> or trigger:<plugin>:<command>)"),
            tuple(
                "api.tokens[3].name",
                "is missing (required: a label shown in logs instead of the key)"),
            tuple("api.tokens[3].key", "expected the bearer token, got a list"),
            tuple(
                "api.tokens[3].scopes[1]",
                "'admin' is listed twice (first at" + " api.tokens[3].scopes[0])"));
    assertThat(e.getMessage()).doesNotContain("same-key-0123456789", "short");
  }
}
