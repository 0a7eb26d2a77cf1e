package dev.senechal.gw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every plugin under {@code plugins/} passes the conformance checks and its own fixtures, the way
 * an author would test it. A plugin with a {@code pom.xml} (one that must be built first, such as
 * {@code java-hello}) is a module of the reactor built after this one; its own {@code verify} runs
 * the same checks against its packaged jar.
 */
class BundledPluginsTest {
  private static final Path PLUGINS = Path.of("..", "plugins");

  private static List<Path> pluginDirectories() throws IOException {
    try (Stream<Path> dirs = Files.list(PLUGINS)) {
      return dirs.filter(d -> Files.isRegularFile(d.resolve("manifest.yaml"))).sorted().toList();
    }
  }

  /** The plugins that run from their source tree, without a build step. */
  private static List<Path> scriptPlugins() throws IOException {
    return pluginDirectories().stream()
        .filter(d -> !Files.exists(d.resolve("pom.xml")))
        .toList();
  }

  private static String name(Path dir) {
    return dir.getFileName().toString();
  }

  @Test
  void theBundledPluginsAreAllHereEachWithAReadme() throws IOException {
    assertThat(pluginDirectories()).extracting(BundledPluginsTest::name)
        .contains("echo", "feed", "notify", "java-hello");
    for (Path dir : pluginDirectories()) {
      assertThat(dir.resolve("README.md")).as(name(dir)).isRegularFile();
    }
  }

  @TestFactory
  Stream<DynamicTest> eachPassesTheConformanceChecks() throws IOException {
    return scriptPlugins().stream().map(dir -> DynamicTest.dynamicTest(name(dir), () -> {
      PluginConformance.Report report = PluginConformance.check(dir);
      assertThat(report.passed()).as("%s:%n%s", name(dir), report.describe()).isTrue();
    }));
  }

  /**
   * The gateway may start a plugin before its request (docs/protocol.md): if the daemon stops in
   * between, stdin closes empty and the plugin must not act: no answer, a failing exit.
   */
  @TestFactory
  Stream<DynamicTest> eachDoesNothingWhenStdinClosesWithoutARequest() throws IOException {
    return scriptPlugins().stream().map(dir -> DynamicTest.dynamicTest(name(dir), () -> {
      String entrypoint =
          Files.readAllLines(dir.resolve("manifest.yaml")).stream()
              .filter(l -> l.startsWith("entrypoint:"))
              .map(l -> l.substring("entrypoint:".length()).trim())
              .findFirst()
              .orElseThrow();
      ProcessBuilder builder =
          new ProcessBuilder(dir.resolve(entrypoint).toAbsolutePath().toString())
              .directory(dir.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().keySet().retainAll(java.util.Set.of("PATH", "HOME", "LANG"));
      Process process = builder.start();
      process.getOutputStream().close();
      byte[] stdout = process.getInputStream().readAllBytes();
      assertThat(process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).as("%s exit status", name(dir)).isNotZero();
      assertThat(new String(stdout, java.nio.charset.StandardCharsets.UTF_8))
          .as("%s stdout", name(dir)).isEmpty();
    }));
  }

  @TestFactory
  Stream<DynamicNode> eachPassesItsOwnFixtures() throws IOException {
    return scriptPlugins().stream()
        .map(dir -> DynamicContainer.dynamicContainer(name(dir), PluginFixtures.of(dir)));
  }
}
