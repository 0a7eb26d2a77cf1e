package dev.senechal.gw.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestParserTest {
  private final ManifestParser parser = new ManifestParser();

  @TempDir Path dir;

  @Test
  void readsTheSeedFormWithAListOfNames() throws IOException {
    PluginManifest manifest =
        parse(
            """
            name: withings
            version: 1.0.0
            protocol: 2
            entrypoint: run.py
            description: Fetch health data
            commands: [poll, handle, health]
            config_keys: { required: [client_id], optional: [access_token] }
            """);

    assertThat(manifest)
        .isEqualTo(
            new PluginManifest(
                "withings",
                "1.0.0",
                2,
                "run.py",
                "Fetch health data",
                commands(
                    CommandSpec.named("poll"),
                    CommandSpec.named("handle"),
                    CommandSpec.named("health")),
                List.of("client_id"),
                List.of("access_token")));
    assertThat(manifest.commands().keySet()).containsExactly("poll", "handle", "health");
    assertThat(manifest.supports("poll")).isTrue();
    assertThat(manifest.supports("sync")).isFalse();
  }

  @Test
  void readsTheMapForm() throws IOException {
    PluginManifest manifest =
        parse(
            """
            name: withings
            protocol: 1
            entrypoint: run.py
            commands:
              poll:
                type: read
                description: "Fetch latest measurements"
              sync: { type: write }
              health:
            """);

    assertThat(manifest.commands().values())
        .containsExactly(
            new CommandSpec("poll", "read", "Fetch latest measurements"),
            new CommandSpec("sync", "write", null),
            CommandSpec.named("health"));
    assertThat(manifest.version()).isNull();
    assertThat(manifest.requiredConfigKeys()).isEmpty();
  }

  @Test
  void readsTheDuctileFormIgnoringUnknownKeys() throws IOException {
    PluginManifest manifest =
        parse(
            """
            manifest_spec: ductile.plugin
            manifest_version: 1
            name: firecrawl
            version: 0.1.0
            protocol: 2
            entrypoint: run.py
            description: "Scrapes URLs via Firecrawl"
            concurrency_safe: true
            commands:
              - name: scrape
                type: write
                description: "Submit a URL for scraping"
                idempotent: false
                input_schema:
                  url: string
                output_schema: {doc_id: string}
              - name: health
                type: read
            config_keys:
              required: [firecrawl_api_key]
              optional: [max_retries, timeout_seconds]
              deprecated: [old]
            """);

    assertThat(manifest.name()).isEqualTo("firecrawl");
    assertThat(manifest.commands().values())
        .containsExactly(
            new CommandSpec("scrape", "write", "Submit a URL for scraping"),
            new CommandSpec("health", "read", null));
    assertThat(manifest.requiredConfigKeys()).containsExactly("firecrawl_api_key");
    assertThat(manifest.optionalConfigKeys()).containsExactly("max_retries", "timeout_seconds");
  }

  @Test
  void everyTestPluginManifestParses() throws IOException {
    try (Stream<Path> plugins = Files.list(TestPlugins.ROOT)) {
      List<Path> manifests =
          plugins.map(p -> p.resolve("manifest.yaml")).filter(Files::isRegularFile).toList();
      assertThat(manifests).hasSizeGreaterThanOrEqualTo(9);
      for (Path manifest : manifests) {
        PluginManifest parsed = parser.parse(manifest);
        assertThat(parsed.name()).isEqualTo(manifest.getParent().getFileName().toString());
      }
    }
  }

  @Test
  void refusesAnUnsupportedProtocol() {
    assertProblem(
        "name: x\nprotocol: 3\nentrypoint: run.sh\ncommands: [poll]\n",
        "protocol: protocol 3 is not supported; expected 1 or 2");
    assertProblem(
        "name: x\nprotocol: \"2\"\nentrypoint: run.sh\ncommands: [poll]\n",
        "protocol: expected an integer (1 or 2), got \"2\"");
    assertProblem(
        "name: x\nprotocol: 2.0\nentrypoint: run.sh\ncommands: [poll]\n",
        "protocol: expected an integer (1 or 2), got the number 2.0");
  }

  @Test
  void refusesAnotherManifestSpecOrVersion() {
    assertProblem(
        "manifest_spec: other.plugin\nname: x\nprotocol: 2\nentrypoint: run.sh\ncommands: [poll]\n",
        "manifest_spec: unknown manifest_spec \"other.plugin\"; expected ductile.plugin");
    assertProblem(
        "manifest_version: 2\nname: x\nprotocol: 2\nentrypoint: run.sh\ncommands: [poll]\n",
        "manifest_version: manifest_version 2 is not supported; expected 1");
  }

  @Test
  void reportsEveryMissingKeyAtOnce() {
    ManifestException e = parseFailure("description: nothing else\n");

    assertThat(e.problems())
        .extracting(ManifestException.Problem::keyPath)
        .containsExactly("name", "protocol", "entrypoint", "commands");
    assertThat(e.getMessage())
        .startsWith(
            dir.resolve("manifest.yaml")
                + ": 4 problems: name: missing; expected the"
                + " plugin name")
        .contains(
            "entrypoint: missing; expected the executable's path inside the plugin" + " directory")
        .contains("commands: missing; expected a list of command names");
  }

  @Test
  void refusesBadCommands() {
    assertProblem(
        "name: x\nprotocol: 1\nentrypoint: run.sh\ncommands: []\n",
        "commands: is empty; declare at least one command");
    assertProblem(
        "name: x\nprotocol: 1\nentrypoint: run.sh\ncommands: poll\n",
        "commands: expected a list of command names, a list of {name, type, description}"
            + " mappings, or a mapping of command name to {type, description}, got \"poll\"");
    assertProblem(
        "name: x\nprotocol: 1\nentrypoint: run.sh\ncommands: [poll, poll]\n",
        "commands[1]: command 'poll' is declared twice");
    assertProblem(
        "name: x\nprotocol: 1\nentrypoint: run.sh\ncommands:\n  - name: poll\n    type: delete\n",
        "commands[0].type: expected read or write, got \"delete\"");
    assertProblem(
        "name: x\nprotocol: 1\nentrypoint: run.sh\ncommands:\n  - type: read\n",
        "commands[0].name: missing; expected the command name");
    assertProblem(
        "name: x\nprotocol: 1\nentrypoint: run.sh\ncommands: [[poll]]\n",
        "commands[0]: expected a command name or a {name, type, description} mapping, got a list");
    assertProblem(
        "name: x\nprotocol: 1\nentrypoint: run.sh\ncommands: {poll: read}\n",
        "commands.poll: expected a {type, description} mapping, got \"read\"");
  }

  @Test
  void refusesBadNamesAndConfigKeys() {
    assertProblem(
        "name: ../evil\nprotocol: 1\nentrypoint: run.sh\ncommands: [poll]\n",
        "name: expected the plugin name (letters, digits, '.', '_' and '-', not starting with a"
            + " punctuation mark), got \"../evil\"");
    assertProblem(
        "name: x\nprotocol: 1\nentrypoint: \"\"\ncommands: [poll]\n",
        "entrypoint: expected the executable's path inside the plugin directory, got \"\"");
    assertProblem(
        "name: x\nprotocol: 1\nentrypoint: run.sh\ncommands: [poll]\nconfig_keys: [a]\n",
        "config_keys: expected a mapping {required: [...], optional: [...]}, got a list");
    assertProblem(
        "name: x\nprotocol: 1\nentrypoint: run.sh\ncommands: [poll]\n"
            + "config_keys: {required: [a, {b: c}]}\n",
        "config_keys.required[1]: expected a config key name, got a mapping");
  }

  @Test
  void refusesDuplicateKeysAndBrokenYaml() {
    ManifestException duplicate =
        parseFailure("name: x\nname: y\nprotocol: 1\nentrypoint: run.sh\ncommands: [poll]\n");
    assertThat(duplicate.getMessage()).contains("is not valid YAML").contains("duplicate key name");

    ManifestException broken = parseFailure("name: [x\n");
    assertThat(broken.getMessage()).contains("is not valid YAML");

    assertProblem("", "is empty; expected a mapping with name, protocol, entrypoint and commands");
    assertProblem("- a\n- b\n", "expected a mapping at the top level, got a list");
  }

  @Test
  void namesAnUnreadableFile() {
    Path missing = dir.resolve("nope").resolve("manifest.yaml");

    assertThatThrownBy(() -> parser.parse(missing))
        .isInstanceOf(ManifestException.class)
        .hasMessageStartingWith(missing + ": cannot be read as UTF-8 text");
  }

  private PluginManifest parse(String yaml) throws IOException {
    Path file = dir.resolve("manifest.yaml");
    Files.writeString(file, yaml);
    return parser.parse(file);
  }

  private ManifestException parseFailure(String yaml) {
    try {
      parse(yaml);
    } catch (ManifestException e) {
      return e;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("parsed without a problem: " + yaml);
  }

  private void assertProblem(String yaml, String problem) {
    ManifestException e = parseFailure(yaml);
    assertThat(e.getMessage()).isEqualTo(dir.resolve("manifest.yaml") + ": " + problem);
  }

  private static java.util.Map<String, CommandSpec> commands(CommandSpec... specs) {
    java.util.Map<String, CommandSpec> map = new java.util.LinkedHashMap<>();
    for (CommandSpec spec : specs) {
      map.put(spec.name(), spec);
    }
    return map;
  }
}
