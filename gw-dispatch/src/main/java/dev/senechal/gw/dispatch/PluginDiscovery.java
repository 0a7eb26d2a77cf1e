package dev.senechal.gw.dispatch;

import dev.senechal.gw.dispatch.internal.DirectoryPluginDiscovery;
import dev.senechal.gw.protocol.ManifestParser;
import dev.senechal.gw.protocol.ProtocolCodec;
import java.nio.file.Path;
import java.util.Map;

/**
 * Finds plugins under a directory and applies the trust rules of SPEC §6. A refused plugin never
 * stops the others from loading.
 */
public interface PluginDiscovery {

  /**
   * Scans every direct subdirectory of {@code pluginsDir} that holds a {@code manifest.yaml}.
   *
   * @param configured the plugins named in the config, by name; a found plugin that is not
   *     configured, or configured with {@code enabled: false}, is listed as not enabled
   */
  PluginCatalog discover(Path pluginsDir, Map<String, PluginSettings> configured);

  /** Discovery over directories with the trust rules, for callers without an injector. */
  static PluginDiscovery directory() {
    return new DirectoryPluginDiscovery(new ManifestParser(), new ProtocolCodec());
  }
}
