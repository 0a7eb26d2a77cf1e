package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed {@code manifest.yaml} (SPEC §6). Structure only: the trust rules on the entrypoint and
 * directory are checked by discovery.
 *
 * @param name the plugin name
 * @param version the plugin's version string, or {@code null} when the manifest has none
 * @param protocol the wire protocol, 1 or 2
 * @param entrypoint the executable, relative to the plugin directory, as written
 * @param description a human description, or {@code null}
 * @param commands the declared commands by name, in manifest order
 * @param requiredConfigKeys {@code config_keys.required}
 * @param optionalConfigKeys {@code config_keys.optional}
 */
public record PluginManifest(
    String name,
    String version,
    int protocol,
    String entrypoint,
    String description,
    Map<String, CommandSpec> commands,
    List<String> requiredConfigKeys,
    List<String> optionalConfigKeys) {

  public PluginManifest {
    requireNonNull(name, "name is null");
    requireNonNull(entrypoint, "entrypoint is null");
    requireNonNull(commands, "commands is null");
    requireNonNull(requiredConfigKeys, "requiredConfigKeys is null");
    requireNonNull(optionalConfigKeys, "optionalConfigKeys is null");
    if (protocol != 1 && protocol != 2) {
      throw new IllegalArgumentException(
          "protocol " + protocol + " is not supported; expected 1 or 2");
    }
    if (commands.isEmpty()) {
      throw new IllegalArgumentException("a plugin declares at least one command");
    }
    commands.forEach(
        (key, spec) -> {
          if (!key.equals(spec.name())) {
            throw new IllegalArgumentException(
                "command key " + key + " does not match its spec name " + spec.name());
          }
        });
    commands = Collections.unmodifiableMap(new LinkedHashMap<>(commands));
    requiredConfigKeys = List.copyOf(requiredConfigKeys);
    optionalConfigKeys = List.copyOf(optionalConfigKeys);
  }

  /** Whether the manifest declares {@code command}. */
  public boolean supports(String command) {
    return commands.containsKey(command);
  }
}
