package dev.senechal.gw.dispatch;

import static dev.senechal.gw.dispatch.TestPlugins.OK_SCRIPT;
import static dev.senechal.gw.dispatch.TestPlugins.manifest;
import static dev.senechal.gw.dispatch.TestPlugins.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.dispatch.internal.DirectoryPluginDiscovery;
import dev.senechal.gw.protocol.ManifestParser;
import dev.senechal.gw.protocol.ProtocolCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each trust rule of SPEC §6 refuses a plugin with its reason; the good plugins still load. */
class PluginDiscoveryTest {
  @TempDir Path plugins;
  @TempDir Path elsewhere;

  private final DirectoryPluginDiscovery discovery =
      new DirectoryPluginDiscovery(new ManifestParser(), new ProtocolCodec());
  private final Map<String, PluginSettings> configured = new LinkedHashMap<>();

  @BeforeEach
  void goodPlugin() throws IOException {
    write(plugins, "good", manifest("good", 2, "run.sh", ""), OK_SCRIPT);
    configure("good");
  }

  private void configure(String name) {
    configured.put(name, PluginSettings.defaults(name, "{}"));
  }

  private Map<String, String> refusals() {
    PluginCatalog catalog = discovery.discover(plugins, configured);
    assertThat(catalog.loaded()).containsKey("good");
    return catalog.refused().stream()
        .collect(Collectors.toMap(RefusedPlugin::name, RefusedPlugin::reason, (a, b) -> a + b));
  }

  @Test
  void loadsAGoodPluginWithItsRealPaths() throws IOException {
    PluginCatalog catalog = discovery.discover(plugins, configured);
    LoadedPlugin good = catalog.plugin("good").orElseThrow();
    assertThat(good.directory()).isEqualTo(plugins.resolve("good").toRealPath());
    assertThat(good.entrypoint()).isEqualTo(plugins.resolve("good/run.sh").toRealPath());
    assertThat(catalog.refused()).isEmpty();
  }

  @Test
  void refusesAnInvalidManifest() throws IOException {
    write(plugins, "broken", "name: broken\nprotocol: [not, a, number]\n", OK_SCRIPT);
    configure("broken");
    assertThat(refusals().get("broken")).startsWith("invalid manifest:").contains("protocol");
  }

  @Test
  void refusesAnUnsupportedProtocol() throws IOException {
    write(plugins, "future", manifest("future", 3, "run.sh", ""), OK_SCRIPT);
    configure("future");
    assertThat(refusals().get("future")).contains("protocol 3");
  }

  @Test
  void refusesAMissingEntrypoint() throws IOException {
    write(plugins, "ghost", manifest("ghost", 2, "missing.sh", ""), OK_SCRIPT);
    configure("ghost");
    assertThat(refusals().get("ghost")).contains("'missing.sh' does not exist");
  }

  @Test
  void refusesAnEntrypointWithDotDot() throws IOException {
    write(plugins, "climber", manifest("climber", 2, "../good/run.sh", ""), OK_SCRIPT);
    configure("climber");
    assertThat(refusals().get("climber")).contains("contains '..'");
  }

  @Test
  void refusesAnAbsoluteEntrypoint() throws IOException {
    write(plugins, "absolute", manifest("absolute", 2, "/bin/true", ""), OK_SCRIPT);
    configure("absolute");
    assertThat(refusals().get("absolute")).contains("is absolute");
  }

  @Test
  void refusesAnEntrypointThatResolvesOutsideThroughASymlink() throws IOException {
    Path outside = elsewhere.resolve("run.sh");
    Files.writeString(outside, OK_SCRIPT);
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path dir = write(plugins, "linked", manifest("linked", 2, "run.sh", ""), null);
    Files.createSymbolicLink(dir.resolve("run.sh"), outside);
    configure("linked");
    assertThat(refusals().get("linked")).contains("outside the plugin directory");
  }

  @Test
  void refusesANonExecutableEntrypoint() throws IOException {
    Path dir = write(plugins, "plain", manifest("plain", 2, "run.sh", ""), OK_SCRIPT);
    Files.setPosixFilePermissions(dir.resolve("run.sh"), PosixFilePermissions.fromString("rw-r--r--"));
    configure("plain");
    assertThat(refusals().get("plain")).contains("is not executable");
  }

  @Test
  void refusesAWorldWritablePluginDirectory() throws IOException {
    Path dir = write(plugins, "open", manifest("open", 2, "run.sh", ""), OK_SCRIPT);
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
    configure("open");
    assertThat(refusals().get("open")).contains("plugin directory").contains("world-writable");
  }

  @Test
  void refusesAWorldWritableEntrypoint() throws IOException {
    Path dir = write(plugins, "loose", manifest("loose", 2, "run.sh", ""), OK_SCRIPT);
    Files.setPosixFilePermissions(dir.resolve("run.sh"), PosixFilePermissions.fromString("rwxrwxrwx"));
    configure("loose");
    assertThat(refusals().get("loose")).contains("entrypoint").contains("world-writable");
  }

  @Test
  void refusesAPluginMissingARequiredConfigKey() throws IOException {
    write(
        plugins,
        "needy",
        manifest("needy", 2, "run.sh", "config_keys: {required: [client_id, token]}\n"),
        OK_SCRIPT);
    configured.put("needy", PluginSettings.defaults("needy", "{\"client_id\": \"x\"}"));
    assertThat(refusals().get("needy")).contains("required config keys missing").contains("token")
        .doesNotContain("client_id");
  }

  @Test
  void refusesASecondDirectoryWithTheSameName() throws IOException {
    write(plugins, "zz-copy", manifest("good", 2, "run.sh", ""), OK_SCRIPT);
    assertThat(refusals().get("good")).contains("another directory already provides");
  }

  @Test
  void listsFoundPluginsThatAreNotEnabled() throws IOException {
    write(plugins, "idle", manifest("idle", 2, "run.sh", ""), OK_SCRIPT);
    PluginSettings disabled = PluginSettings.defaults("off", "{}");
    write(plugins, "off", manifest("off", 1, "run.sh", ""), OK_SCRIPT);
    configured.put(
        "off",
        new PluginSettings("off", false, "{}", Map.of(), disabled.defaultTimeout(), Map.of(),
            java.util.List.of(), 1, disabled.backoffBase()));
    PluginCatalog catalog = discovery.discover(plugins, configured);
    assertThat(catalog.notEnabled()).containsExactlyInAnyOrder("idle", "off");
    assertThat(catalog.loaded().keySet()).containsExactly("good");
  }

  @Test
  void oneRefusalDoesNotStopTheOthers() throws IOException {
    write(plugins, "aa-bad", manifest("aa-bad", 9, "run.sh", ""), OK_SCRIPT);
    write(plugins, "zz-fine", manifest("zz-fine", 1, "run.sh", ""), OK_SCRIPT);
    configure("aa-bad");
    configure("zz-fine");
    PluginCatalog catalog = discovery.discover(plugins, configured);
    assertThat(catalog.loaded().keySet()).containsExactly("good", "zz-fine");
    assertThat(catalog.refused()).extracting(RefusedPlugin::name).containsExactly("aa-bad");
    Function<String, Boolean> loaded = n -> catalog.plugin(n).isPresent();
    assertThat(loaded.apply("aa-bad")).isFalse();
  }
}
