package dev.senechal.gw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

class PluginFixturesTest {
  @TempDir Path dir;

  /** The bundled echo plugin's own fixtures, as a plugin author would run them. */
  @TestFactory
  Stream<DynamicTest> theEchoPluginsFixturesPass() {
    return PluginFixtures.of(Path.of("..", "plugins", "echo"));
  }

  private Path okPluginWith(String request, String expected) throws Exception {
    Path plugin = dir.resolve("ok");
    Path source = Path.of("..", "testing", "plugins", "ok");
    Files.createDirectories(plugin.resolve("testdata"));
    Files.copy(source.resolve("manifest.yaml"), plugin.resolve("manifest.yaml"));
    Files.copy(source.resolve("run.sh"), plugin.resolve("run.sh"));
    Files.writeString(plugin.resolve("testdata/case.request.json"), request);
    if (expected != null) {
      Files.writeString(plugin.resolve("testdata/case.expected.json"), expected);
    }
    return plugin;
  }

  @Test
  void aMatchingFixtureHasNoMismatches() throws Exception {
    Path plugin =
        okPluginWith(
            "{\"state\":{\"runs\":1},\"payload\":{\"emit\":\"seen\"}}",
            "{\"succeeded\":true,\"response\":{\"events\":[{\"type\":\"seen\"}],"
                + "\"result\":\"<any>\"},\"state_after\":{\"runs\":2}}");

    assertThat(PluginFixtures.check(plugin, plugin.resolve("testdata/case.request.json")))
        .isEmpty();
  }

  @Test
  void aMismatchNamesTheFixtureThePathAndTheStderr() throws Exception {
    Path plugin =
        okPluginWith("{\"command\":\"health\"}",
            "{\"succeeded\":true,\"state_after\":{\"runs\":7}}");

    assertThat(PluginFixtures.check(plugin, plugin.resolve("testdata/case.request.json")))
        .hasSize(2)
        .satisfies(lines -> {
          assertThat(lines.get(0)).startsWith("fixture case (health): ok health: succeeded")
              .contains("stderr: ok plugin: health");
          assertThat(lines.get(1)).isEqualTo("  $.state_after.runs: expected 7, got 1");
        });
  }

  @Test
  void badFixtureFilesAreRefusedWithTheFileAndReason() throws Exception {
    Path plugin = okPluginWith("{\"comand\":\"poll\"}", "{}");
    Path request = plugin.resolve("testdata/case.request.json");
    assertThatThrownBy(() -> PluginFixtures.check(plugin, request))
        .hasMessageContaining(request.toString())
        .hasMessageContaining("unknown key 'comand'");

    Files.delete(plugin.resolve("testdata/case.expected.json"));
    assertThatThrownBy(() -> PluginFixtures.check(plugin, request))
        .hasMessageContaining("no case.expected.json beside it");

    assertThatThrownBy(() -> PluginFixtures.of(dir))
        .hasMessageContaining("no testdata/*.request.json in " + dir);
  }
}
