package dev.senechal.gw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PluginExtensionTest {
  @RegisterExtension
  static final PluginExtension OK = PluginExtension.of(Path.of("..", "testing", "plugins", "ok"));

  @Test
  void aTestGetsAHarnessForThePlugin(PluginHarness ok) {
    assertThat(ok.manifest().name()).isEqualTo("ok");
    // State set here must not reach the other test's harness (see below).
    assertThat(ok.state("{\"runs\":41}").run("poll").assertSucceeded().stateAfter())
        .contains("\"runs\":42");
  }

  @Test
  void eachTestGetsAFreshOne(PluginHarness ok) {
    assertThat(ok.run("poll").stateAfter())
        .as("settings of another test do not leak in")
        .isEqualTo("{\"runs\":1,\"last_command\":\"poll\"}");
  }
}
