package dev.senechal.gw.engine.config;

import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Parses config text as if read from {@link #FILE}, for the config tests. */
final class ConfigTesting {
  static final Path FILE = Path.of("/srv/gw/config.yaml");
  static final Path DIRECTORY = FILE.getParent();

  private ConfigTesting() {}

  static GatewayConfig parse(String yaml) {
    return parse(yaml, Map.of());
  }

  static GatewayConfig parse(String yaml, Map<String, String> env) {
    return ConfigLoader.parse(yaml, FILE, env);
  }

  static ConfigException failure(String yaml) {
    return failure(yaml, Map.of());
  }

  static ConfigException failure(String yaml, Map<String, String> env) {
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.parse(yaml, FILE, env));
    if (e == null) {
      throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }
    return e;
  }

  /** The one problem of an invalid config (fails when there are several). */
  static ConfigProblem onlyProblem(String yaml) {
    return onlyProblem(yaml, Map.of());
  }

  static ConfigProblem onlyProblem(String yaml, Map<String, String> env) {
    List<ConfigProblem> problems = failure(yaml, env).problems();
    if (problems.size() != 1) {
      throw new AssertionError("expected one problem, got " + problems);
    }
    return problems.get(0);
  }
}
