package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.protocol.ManifestException.Problem;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Reads a plugin's {@code manifest.yaml} (SPEC §6) into a {@link PluginManifest}.
 *
 * <p>Accepted: the seed form and the form of plugins written for Ductile. {@code commands} may be a
 * list of names ({@code [poll, handle]}), a mapping of name to {@code {type, description}}, or a
 * list of {@code {name, type, description, input_schema, output_schema}} objects (names and objects
 * may be mixed in a list). {@code manifest_spec: ductile.plugin} and {@code manifest_version: 1}
 * are accepted; another {@code manifest_spec} or {@code manifest_version} is an error. Required:
 * {@code name}, {@code protocol} (1 or 2), {@code entrypoint}, and at least one command. Unknown
 * keys, at the top level and inside commands and {@code config_keys}, are ignored with a DEBUG line
 * (forward compatibility). Duplicate YAML keys are refused.
 *
 * <p>Only structure is checked here; the trust rules on the entrypoint and the plugin directory
 * belong to discovery. Every problem in the file is reported at once in one {@link
 * ManifestException}.
 */
public final class ManifestParser {
  private static final Logger log = LoggerFactory.getLogger(ManifestParser.class);

  /** The only {@code manifest_spec} value accepted. */
  public static final String MANIFEST_SPEC = "ductile.plugin";

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
  private static final String NAME_RULE =
      "letters, digits, '.', '_' and '-', not starting with" + " a punctuation mark";
  private static final String COMMANDS_FORMS =
      "a list of command names, a list of {name, type, description} mappings, or a mapping of"
          + " command name to {type, description}";
  private static final Set<String> KNOWN_KEYS =
      Set.of(
          "manifest_spec",
          "manifest_version",
          "name",
          "version",
          "protocol",
          "entrypoint",
          "description",
          "commands",
          "config_keys");

  @Inject
  public ManifestParser() {}

  /**
   * Parses the manifest at {@code manifestYaml}.
   *
   * @throws ManifestException naming the file, and for each problem the key path and what was
   *     expected, when the file cannot be read, is not YAML, or breaks the schema
   */
  public PluginManifest parse(Path manifestYaml) {
    requireNonNull(manifestYaml, "manifestYaml is null");
    String text;
    try {
      text = Files.readString(manifestYaml);
    } catch (IOException e) {
      throw new ManifestException(
          manifestYaml, List.of(new Problem("", "cannot be read as UTF-8 text: " + e)), e);
    }
    return parse(manifestYaml, text);
  }

  /**
   * Parses manifest text; {@code file} names it in messages.
   *
   * @throws ManifestException as {@link #parse(Path)}
   */
  public PluginManifest parse(Path file, String yaml) {
    requireNonNull(file, "file is null");
    requireNonNull(yaml, "yaml is null");
    Object root;
    try {
      LoadSettings settings =
          LoadSettings.builder().setAllowDuplicateKeys(false).setLabel(file.toString()).build();
      root = new Load(settings).loadFromString(yaml);
    } catch (YamlEngineException e) {
      throw new ManifestException(
          file, List.of(new Problem("", "is not valid YAML: " + e.getMessage())), e);
    }
    if (root == null) {
      throw new ManifestException(
          file,
          List.of(
              new Problem(
                  "",
                  "is empty; expected a mapping with name, protocol, entrypoint and commands")));
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ManifestException(
          file,
          List.of(new Problem("", "expected a mapping at the top level, got " + describe(root))));
    }
    return new Reader(file).read(map);
  }

  /** Collects the problems of one parse. */
  private static final class Reader {
    private final Path file;
    private final List<Problem> problems = new ArrayList<>();

    Reader(Path file) {
      this.file = file;
    }

    PluginManifest read(Map<?, ?> map) {
      for (Object key : map.keySet()) {
        if (!KNOWN_KEYS.contains(String.valueOf(key))) {
          ignore(String.valueOf(key));
        }
      }
      checkSpec(map);
      String name = requiredName(map.get("name"), "name", "the plugin name");
      String version = optionalScalar(map.get("version"), "version");
      Integer protocol = protocol(map);
      String entrypoint = entrypoint(map.get("entrypoint"));
      String description = optionalScalar(map.get("description"), "description");
      Map<String, CommandSpec> commands = commands(map.get("commands"));
      List<String> required = List.of();
      List<String> optional = List.of();
      Object configKeys = map.get("config_keys");
      if (configKeys instanceof Map<?, ?> keys) {
        for (Object key : keys.keySet()) {
          if (!key.equals("required") && !key.equals("optional")) {
            ignore("config_keys." + key);
          }
        }
        required = names(keys.get("required"), "config_keys.required");
        optional = names(keys.get("optional"), "config_keys.optional");
      } else if (configKeys != null) {
        problem(
            "config_keys",
            "expected a mapping {required: [...], optional: [...]}, got " + describe(configKeys));
      }
      if (!problems.isEmpty()) {
        throw new ManifestException(file, problems);
      }
      return new PluginManifest(
          name, version, protocol, entrypoint, description, commands, required, optional);
    }

    private void checkSpec(Map<?, ?> map) {
      Object spec = map.get("manifest_spec");
      if (spec != null && !MANIFEST_SPEC.equals(spec)) {
        problem(
            "manifest_spec",
            "unknown manifest_spec " + describe(spec) + "; expected " + MANIFEST_SPEC);
      }
      Object version = map.get("manifest_version");
      if (version != null && !isInteger(version, 1)) {
        problem(
            "manifest_version",
            "manifest_version "
                + (version instanceof Number ? version : describe(version))
                + " is not supported; expected 1");
      }
    }

    private Integer protocol(Map<?, ?> map) {
      Object value = map.get("protocol");
      if (value == null) {
        problem("protocol", "missing; expected the protocol version, 1 or 2");
        return null;
      }
      if (!isInteger(value)) {
        problem("protocol", "expected an integer (1 or 2), got " + describe(value));
        return null;
      }
      if (!isInteger(value, 1) && !isInteger(value, 2)) {
        problem("protocol", "protocol " + value + " is not supported; expected 1 or 2");
        return null;
      }
      return ((Number) value).intValue();
    }

    private String entrypoint(Object value) {
      if (value == null) {
        problem(
            "entrypoint", "missing; expected the executable's path inside the plugin directory");
        return null;
      }
      if (!(value instanceof String text) || text.isBlank()) {
        problem(
            "entrypoint",
            "expected the executable's path inside the plugin directory, got " + describe(value));
        return null;
      }
      return text;
    }

    private Map<String, CommandSpec> commands(Object value) {
      Map<String, CommandSpec> commands = new LinkedHashMap<>();
      int before = problems.size();
      if (value == null) {
        problem("commands", "missing; expected " + COMMANDS_FORMS);
        return commands;
      }
      if (value instanceof List<?> list) {
        for (int i = 0; i < list.size(); i++) {
          String path = "commands[" + i + "]";
          Object item = list.get(i);
          CommandSpec spec;
          if (item instanceof Map<?, ?> object) {
            spec = commandObject(path, object, null);
          } else if (item instanceof String) {
            String name = requiredName(item, path, "a command name");
            spec = name == null ? null : CommandSpec.named(name);
          } else {
            problem(
                path,
                "expected a command name or a {name, type, description} mapping, got "
                    + describe(item));
            spec = null;
          }
          add(commands, path, spec);
        }
      } else if (value instanceof Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
          String path = "commands." + entry.getKey();
          String name = requiredName(entry.getKey(), path, "a command name");
          if (name == null) {
            continue;
          }
          Object body = entry.getValue();
          CommandSpec spec;
          if (body == null) {
            spec = CommandSpec.named(name);
          } else if (body instanceof Map<?, ?> object) {
            spec = commandObject(path, object, name);
          } else {
            problem(path, "expected a {type, description} mapping, got " + describe(body));
            spec = null;
          }
          add(commands, path, spec);
        }
      } else {
        problem("commands", "expected " + COMMANDS_FORMS + ", got " + describe(value));
        return commands;
      }
      if (commands.isEmpty() && problems.size() == before) {
        problem("commands", "is empty; declare at least one command");
      }
      return commands;
    }

    private void add(Map<String, CommandSpec> commands, String path, CommandSpec spec) {
      if (spec == null) {
        return;
      }
      if (commands.containsKey(spec.name())) {
        problem(path, "command '" + spec.name() + "' is declared twice");
        return;
      }
      commands.put(spec.name(), spec);
    }

    /** A command mapping; {@code key} is its name in the mapping form, else {@code null}. */
    private CommandSpec commandObject(String path, Map<?, ?> object, String key) {
      for (Object field : object.keySet()) {
        if (!field.equals("name") && !field.equals("type") && !field.equals("description")) {
          ignore(path + "." + field);
        }
      }
      String name = key;
      if (key == null) {
        Object value = object.get("name");
        if (value == null) {
          problem(path + ".name", "missing; expected the command name");
        } else {
          name = requiredName(value, path + ".name", "a command name");
        }
      } else if (object.get("name") != null && !key.equals(object.get("name"))) {
        problem(
            path + ".name",
            "is " + describe(object.get("name")) + " but the command's key is '" + key + "'");
        name = null;
      }
      String type = null;
      Object typeValue = object.get("type");
      if (typeValue != null) {
        if ("read".equals(typeValue) || "write".equals(typeValue)) {
          type = (String) typeValue;
        } else {
          problem(path + ".type", "expected read or write, got " + describe(typeValue));
        }
      }
      String description = optionalScalar(object.get("description"), path + ".description");
      return name == null ? null : new CommandSpec(name, type, description);
    }

    private List<String> names(Object value, String path) {
      if (value == null) {
        return List.of();
      }
      if (!(value instanceof List<?> list)) {
        problem(path, "expected a list of config key names, got " + describe(value));
        return List.of();
      }
      List<String> names = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        Object item = list.get(i);
        if (item instanceof String text && !text.isBlank()) {
          names.add(text);
        } else {
          problem(path + "[" + i + "]", "expected a config key name, got " + describe(item));
        }
      }
      return names;
    }

    private String requiredName(Object value, String path, String what) {
      if (value == null) {
        problem(path, "missing; expected " + what + " (" + NAME_RULE + ")");
        return null;
      }
      if (!(value instanceof String text) || !NAME.matcher(text).matches()) {
        problem(path, "expected " + what + " (" + NAME_RULE + "), got " + describe(value));
        return null;
      }
      return text;
    }

    private String optionalScalar(Object value, String path) {
      if (value == null) {
        return null;
      }
      if (value instanceof String || value instanceof Number || value instanceof Boolean) {
        return String.valueOf(value);
      }
      problem(path, "expected text, got " + describe(value));
      return null;
    }

    private void problem(String path, String message) {
      problems.add(new Problem(path, message));
    }

    private void ignore(String path) {
      log.debug("{}: ignoring unknown manifest key {}", file, path);
    }
  }

  private static boolean isInteger(Object value) {
    return value instanceof Integer || value instanceof Long || value instanceof BigInteger;
  }

  private static boolean isInteger(Object value, long expected) {
    return isInteger(value)
        && ((Number) value).longValue() == expected
        && !(value instanceof BigInteger big && big.bitLength() >= 64);
  }

  /** A short description of a YAML value for messages. */
  static String describe(Object value) {
    if (value == null) {
      return "nothing";
    }
    if (value instanceof Map<?, ?>) {
      return "a mapping";
    }
    if (value instanceof List<?>) {
      return "a list";
    }
    if (value instanceof String text) {
      String shown = text.length() > 60 ? text.substring(0, 60) + "..." : text;
      return "\"" + shown + "\"";
    }
    if (value instanceof Boolean) {
      return String.valueOf(value);
    }
    if (value instanceof Number) {
      return "the number " + value;
    }
    return "a " + value.getClass().getSimpleName();
  }
}
