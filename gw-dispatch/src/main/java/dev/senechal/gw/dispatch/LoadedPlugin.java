package dev.senechal.gw.dispatch;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.protocol.PluginManifest;
import java.nio.file.Path;

/**
 * A plugin that passed every trust check and can run.
 *
 * @param directory the plugin's directory (its working directory), real path
 * @param entrypoint the executable, real path inside {@code directory}
 */
public record LoadedPlugin(
    PluginManifest manifest, Path directory, Path entrypoint, PluginSettings settings) {
  public LoadedPlugin {
    requireNonNull(manifest, "manifest is null");
    requireNonNull(directory, "directory is null");
    requireNonNull(entrypoint, "entrypoint is null");
    requireNonNull(settings, "settings is null");
  }

  public String name() {
    return manifest.name();
  }
}
