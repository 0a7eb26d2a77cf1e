package dev.senechal.gw.engine.config;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.engine.internal.config.GatewayConfigReader;
import dev.senechal.gw.engine.internal.config.YamlComposer;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads the configuration file (SPEC §3) into a validated {@link GatewayConfig}.
 *
 * <p>Every problem is collected before failing: unknown keys (with a "did you mean"), wrong types,
 * values out of range, unset environment variables, duplicate keys, references to plugins that are
 * not configured. Checks that need the plugins on disk (manifests) are the engine's, after loading.
 *
 * <pre>{@code
 * Path file = ConfigLoader.resolveConfigPath(option, System.getenv(), Path.of(""));
 * GatewayConfig config = ConfigLoader.load(file, System.getenv());
 * }</pre>
 */
public final class ConfigLoader {
  /** The environment variable naming the config file when {@code --config} is not given. */
  public static final String CONFIG_VARIABLE = "SENECHAL_GW_CONFIG";

  /** The file used when neither {@code --config} nor {@value #CONFIG_VARIABLE} is given. */
  public static final String DEFAULT_FILE = "config.yaml";

  private ConfigLoader() {}

  /**
   * Loads and validates {@code file}.
   *
   * @param environment what {@code ${VAR}} reads, usually {@code System.getenv()}
   * @throws ConfigException with every problem found (or why the file cannot be read)
   */
  public static GatewayConfig load(Path file, Map<String, String> environment) {
    requireNonNull(file, "file is null");
    requireNonNull(environment, "environment is null");
    String yaml;
    try {
      yaml = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw unreadable(
          file, "does not exist (name the file with --config or $" + CONFIG_VARIABLE + ")", e);
    } catch (AccessDeniedException e) {
      throw unreadable(file, "cannot be read: permission denied", e);
    } catch (CharacterCodingException e) {
      throw unreadable(file, "is not UTF-8 text", e);
    } catch (IOException e) {
      throw unreadable(file, "cannot be read: " + e, e);
    }
    return parse(yaml, file, environment);
  }

  /**
   * Parses YAML text as if it had been read from {@code pretendFile} (whose directory anchors
   * relative paths, and which problems name). For tests and embedders.
   *
   * @throws ConfigException with every problem found
   */
  public static GatewayConfig parse(
      String yaml, Path pretendFile, Map<String, String> environment) {
    requireNonNull(yaml, "yaml is null");
    requireNonNull(pretendFile, "pretendFile is null");
    requireNonNull(environment, "environment is null");
    return new GatewayConfigReader(pretendFile, environment)
        .read(YamlComposer.compose(yaml, pretendFile));
  }

  /**
   * Which file to load: {@code cliOption} ({@code --config}) when given, else {@value
   * #CONFIG_VARIABLE} when set, else {@value #DEFAULT_FILE}; relative paths resolve against {@code
   * cwd}.
   *
   * @param cliOption {@code null} or blank when the option was not given
   */
  public static Path resolveConfigPath(String cliOption, Map<String, String> env, Path cwd) {
    requireNonNull(env, "env is null");
    requireNonNull(cwd, "cwd is null");
    String chosen = DEFAULT_FILE;
    if (cliOption != null && !cliOption.isBlank()) {
      chosen = cliOption.trim();
    } else {
      String fromEnvironment = env.get(CONFIG_VARIABLE);
      if (fromEnvironment != null && !fromEnvironment.isBlank()) {
        chosen = fromEnvironment.trim();
      }
    }
    return cwd.resolve(chosen).normalize();
  }

  private static ConfigException unreadable(Path file, String message, IOException cause) {
    return new ConfigException(List.of(new ConfigProblem(file, "", 0, message)), cause);
  }
}
