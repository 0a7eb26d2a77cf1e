package dev.senechal.gw.cli;

import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.engine.config.GatewayConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option every command that reads the config shares. */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "PATH",
      description = "Config file (default: $SENECHAL_GW_CONFIG, else ./config.yaml).")
  String path;

  Path resolve() {
    return ConfigLoader.resolveConfigPath(path, System.getenv(), Path.of("").toAbsolutePath());
  }

  GatewayConfig load() {
    return ConfigLoader.load(resolve(), System.getenv());
  }
}
