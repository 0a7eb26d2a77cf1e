package dev.senechal.gw.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path directory;

  @Test
  void loadsAFileAndResolvesRelativePathsAgainstItsDirectory() throws IOException {
    Path file = directory.resolve("etc/gw.yaml");
    Files.createDirectories(file.getParent());
    Files.writeString(
        file, "state: { path: ../var/state.db }\nplugins_dir: plugins\nplugins: { echo: {} }\n");

    GatewayConfig config = ConfigLoader.load(file, Map.of());

    assertThat(config.file()).isEqualTo(file.toAbsolutePath().normalize());
    assertThat(config.state().path()).isEqualTo(directory.resolve("var/state.db"));
    assertThat(config.pluginsDir()).isEqualTo(directory.resolve("etc/plugins"));
    assertThat(config.plugins()).containsOnlyKeys("echo");
  }

  @Test
  void aMissingFileIsAProblemNamingIt() {
    Path file = directory.resolve("nope.yaml");

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

    assertThat(e.getMessage())
        .isEqualTo(file + ": does not exist (name the file with --config or $SENECHAL_GW_CONFIG)");
    assertThat(e.getCause()).isNotNull();
  }

  @Test
  void aFileThatIsNotUtf8IsAProblem() throws IOException {
    Path file = directory.resolve("latin1.yaml");
    Files.write(file, "service: { name: caf\u00e9 }\n".getBytes(StandardCharsets.ISO_8859_1));

    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

    assertThat(e.problems())
        .singleElement()
        .extracting(ConfigProblem::message)
        .isEqualTo("is not UTF-8 text");
  }

  @Test
  void duplicateKeysAreReportedWithBothLines() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    """
                    service:
                      tick_interval: 5s
                      log_level: info
                      tick_interval: 10s
                    plugins:
                      echo: {}
                      echo: { enabled: false }
                    """,
                    ConfigTesting.FILE,
                    Map.of()));

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::line, ConfigProblem::message)
        .containsExactly(
            tuple(
                "service.tick_interval",
                4,
                "duplicate key 'tick_interval' (first at line 2, again at line 4); keep one"),
            tuple(
                "plugins.echo",
                7,
                "duplicate key 'echo' (first at line 6, again at line 7); keep one"));
  }

  @Test
  void duplicateKeysInsideAPluginsConfigAreReportedToo() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    "plugins:\n  echo:\n    config:\n      a: 1\n      a: 2\n",
                    ConfigTesting.FILE,
                    Map.of()));

    assertThat(e.problems())
        .extracting(ConfigProblem::keyPath, ConfigProblem::line)
        .containsExactly(tuple("plugins.echo.config.a", 5));
  }

  @Test
  void aSyntaxErrorHasItsLineAndDoesNotQuoteTheSource() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    "service:\n  name: gw\n api: { key: hunter2-secret\n",
                    ConfigTesting.FILE,
                    Map.of()));

    assertThat(e.problems())
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.line()).isEqualTo(3);
              assertThat(problem.message()).startsWith("not valid YAML: ");
            });
    assertThat(e.getMessage()).doesNotContain("hunter2-secret");
  }

  @Test
  void aRecursiveAliasInAPluginConfigIsAProblemNotACrash() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    "plugins:\n  echo:\n    config: &loop { self: *loop }\n",
                    ConfigTesting.FILE,
                    Map.of()));

    assertThat(e.problems())
        .singleElement()
        .extracting(ConfigProblem::keyPath, ConfigProblem::message)
        .containsExactly("plugins.echo.config", "nests deeper than 64 levels (a recursive alias?)");
  }

  @Test
  void anchorsAndAliasesMayShareSettings() {
    GatewayConfig config =
        ConfigLoader.parse(
            """
            plugins:
              a: { retry: &patient { max_attempts: 9, backoff_base: 1m } }
              b: { retry: *patient }
            """,
            ConfigTesting.FILE,
            Map.of());

    assertThat(config.plugins().get("b").retry()).isEqualTo(config.plugins().get("a").retry());
    assertThat(config.plugins().get("b").retry().maxAttempts()).isEqualTo(9);
  }

  @Test
  void mergeKeysAreRefusedWithAnAlternative() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                ConfigLoader.parse(
                    "plugins:\n  a: &base { enabled: false }\n  b: { <<: *base }\n",
                    ConfigTesting.FILE,
                    Map.of()));

    assertThat(e.problems())
        .singleElement()
        .extracting(ConfigProblem::keyPath, ConfigProblem::line)
        .containsExactly("plugins.b.<<", 3);
    assertThat(e.getMessage()).contains("merge keys ('<<') are not supported");
  }

  @Test
  void theConfigPathIsTheOptionElseTheVariableElseConfigYaml() {
    Path cwd = Path.of("/home/me");
    Map<String, String> env = Map.of("SENECHAL_GW_CONFIG", "/etc/gw/config.yaml");

    assertThat(ConfigLoader.resolveConfigPath("my.yaml", env, cwd))
        .isEqualTo(Path.of("/home/me/my.yaml"));
    assertThat(ConfigLoader.resolveConfigPath(null, env, cwd))
        .isEqualTo(Path.of("/etc/gw/config.yaml"));
    assertThat(ConfigLoader.resolveConfigPath("  ", Map.of(), cwd))
        .isEqualTo(Path.of("/home/me/config.yaml"));
    assertThat(
            ConfigLoader.resolveConfigPath(
                null, Map.of("SENECHAL_GW_CONFIG", "../shared/gw.yaml"), cwd))
        .isEqualTo(Path.of("/home/shared/gw.yaml"));
  }
}
