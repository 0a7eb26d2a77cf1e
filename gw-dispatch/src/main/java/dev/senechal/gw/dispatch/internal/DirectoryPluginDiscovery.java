package dev.senechal.gw.dispatch.internal;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.dispatch.PluginCatalog;
import dev.senechal.gw.dispatch.PluginDiscovery;
import dev.senechal.gw.dispatch.PluginSettings;
import dev.senechal.gw.dispatch.RefusedPlugin;
import dev.senechal.gw.protocol.ManifestException;
import dev.senechal.gw.protocol.ManifestParser;
import dev.senechal.gw.protocol.PluginManifest;
import dev.senechal.gw.protocol.ProtocolCodec;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Discovery over a directory with the trust rules of SPEC §6. A plugin is refused when its
 * manifest is invalid (including an unsupported protocol), its entrypoint is missing, contains
 * {@code ..}, is absolute, resolves outside the plugin directory after symlinks, or is not
 * executable, when the plugin directory or the entrypoint is world-writable, when another
 * directory already provided a plugin of the same name, or when a required config key is missing.
 * Each refusal is logged at WARN with its reason; the other plugins load regardless.
 */
public final class DirectoryPluginDiscovery implements PluginDiscovery {
  private static final Logger log = LoggerFactory.getLogger(DirectoryPluginDiscovery.class);

  private final ManifestParser parser;
  private final ProtocolCodec codec;

  @Inject
  public DirectoryPluginDiscovery(ManifestParser parser, ProtocolCodec codec) {
    this.parser = requireNonNull(parser, "parser is null");
    this.codec = requireNonNull(codec, "codec is null");
  }

  @Override
  public PluginCatalog discover(Path pluginsDir, Map<String, PluginSettings> configured) {
    Map<String, LoadedPlugin> loaded = new LinkedHashMap<>();
    List<RefusedPlugin> refused = new ArrayList<>();
    List<String> notEnabled = new ArrayList<>();
    for (Path dir : candidates(pluginsDir, refused)) {
      String fallbackName = dir.getFileName().toString();
      PluginManifest manifest;
      try {
        manifest = parser.parse(dir.resolve("manifest.yaml"));
      } catch (ManifestException e) {
        refuse(refused, fallbackName, dir, "invalid manifest: " + e.getMessage());
        continue;
      }
      String name = manifest.name();
      if (loaded.containsKey(name) || notEnabled.contains(name)) {
        refuse(refused, name, dir, "another directory already provides a plugin named " + name);
        continue;
      }
      PluginSettings settings = configured.get(name);
      if (settings == null || !settings.enabled()) {
        notEnabled.add(name);
        log.debug("plugin {} in {} is not enabled in the config", name, dir);
        continue;
      }
      try {
        loaded.put(name, trust(manifest, dir, settings));
      } catch (Refusal r) {
        refuse(refused, name, dir, r.getMessage());
      }
    }
    for (LoadedPlugin plugin : loaded.values()) {
      log.info(
          "loaded plugin {} {} (protocol {}, commands {})",
          plugin.name(),
          plugin.manifest().version(),
          plugin.manifest().protocol(),
          plugin.manifest().commands().keySet());
    }
    return new PluginCatalog(loaded, refused, notEnabled);
  }

  private static List<Path> candidates(Path pluginsDir, List<RefusedPlugin> refused) {
    List<Path> dirs = new ArrayList<>();
    if (!Files.isDirectory(pluginsDir)) {
      log.warn("plugins_dir {} does not exist or is not a directory; no plugins loaded", pluginsDir);
      return dirs;
    }
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(pluginsDir)) {
      for (Path dir : stream) {
        if (Files.isDirectory(dir) && Files.isRegularFile(dir.resolve("manifest.yaml"))) {
          dirs.add(dir);
        }
      }
    } catch (IOException e) {
      log.error("cannot list plugins_dir {}: {}", pluginsDir, e.toString());
    }
    dirs.sort(null);
    return dirs;
  }

  private LoadedPlugin trust(PluginManifest manifest, Path dir, PluginSettings settings)
      throws Refusal {
    String entry = manifest.entrypoint();
    Path entryPath = Path.of(entry);
    if (entryPath.isAbsolute()) {
      throw new Refusal("entrypoint '" + entry + "' is absolute; it must be a path inside " + dir);
    }
    for (Path part : entryPath) {
      if (part.toString().equals("..")) {
        throw new Refusal("entrypoint '" + entry + "' contains '..'");
      }
    }
    Path realDir;
    Path realEntry;
    try {
      realDir = dir.toRealPath();
      Path candidate = dir.resolve(entryPath);
      if (!Files.exists(candidate)) {
        throw new Refusal("entrypoint '" + entry + "' does not exist in " + dir);
      }
      realEntry = candidate.toRealPath();
    } catch (IOException e) {
      throw new Refusal("cannot resolve entrypoint '" + entry + "': " + e.getMessage());
    }
    if (!realEntry.startsWith(realDir)) {
      throw new Refusal(
          "entrypoint '" + entry + "' resolves to " + realEntry + ", outside the plugin directory");
    }
    if (!Files.isRegularFile(realEntry)) {
      throw new Refusal("entrypoint '" + entry + "' is not a regular file");
    }
    if (!Files.isExecutable(realEntry)) {
      throw new Refusal("entrypoint '" + entry + "' is not executable (chmod +x it)");
    }
    if (worldWritable(realDir)) {
      throw new Refusal("plugin directory " + realDir + " is world-writable (chmod o-w it)");
    }
    if (worldWritable(realEntry)) {
      throw new Refusal("entrypoint " + realEntry + " is world-writable (chmod o-w it)");
    }
    Set<String> present = codec.objectKeys(settings.config());
    Set<String> missing = new TreeSet<>(manifest.requiredConfigKeys());
    missing.removeAll(present);
    if (!missing.isEmpty()) {
      throw new Refusal(
          "required config keys missing from plugins." + manifest.name() + ".config: " + missing);
    }
    return new LoadedPlugin(manifest, realDir, realEntry, settings);
  }

  private static boolean worldWritable(Path path) throws Refusal {
    try {
      return Files.getPosixFilePermissions(path).contains(PosixFilePermission.OTHERS_WRITE);
    } catch (IOException | UnsupportedOperationException e) {
      throw new Refusal("cannot read the permissions of " + path + ": " + e.getMessage());
    }
  }

  private static void refuse(List<RefusedPlugin> refused, String name, Path dir, String reason) {
    log.warn("refused plugin {} in {}: {}", name, dir, reason);
    refused.add(new RefusedPlugin(name, dir, reason));
  }

  private static final class Refusal extends Exception {
    Refusal(String message) {
      super(message, null, false, false);
    }
  }
}
