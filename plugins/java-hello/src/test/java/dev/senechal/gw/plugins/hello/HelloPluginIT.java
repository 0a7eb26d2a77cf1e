package dev.senechal.gw.plugins.hello;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.testkit.PluginConformance;
import dev.senechal.gw.testkit.PluginFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The plugin as the daemon runs it: run.sh starting the packaged jar (failsafe runs this after
 * {@code package}, in the plugin directory). gw-testkit's BundledPluginsTest skips plugins with a
 * pom.xml because the reactor builds gw-testkit before this module's jar exists.
 */
class HelloPluginIT {
  private static final Path PLUGIN = Path.of("").toAbsolutePath();

  @Test
  void theJarIsBuiltAndThePluginPassesTheConformanceChecks() {
    assertThat(PLUGIN.resolve("target/java-hello.jar")).isRegularFile();
    PluginConformance.Report report = PluginConformance.check(PLUGIN);
    assertThat(report.passed()).as(report.describe()).isTrue();
  }

  @Test
  void itHasAReadme() {
    assertThat(Files.isRegularFile(PLUGIN.resolve("README.md"))).isTrue();
  }

  @TestFactory
  Stream<DynamicTest> fixtures() {
    return PluginFixtures.of(PLUGIN);
  }
}
