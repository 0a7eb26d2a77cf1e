package org.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.senechal.gw.testkit.PluginConformance;
import dev.senechal.gw.testkit.PluginExtension;
import dev.senechal.gw.testkit.PluginFixtures;
import dev.senechal.gw.testkit.PluginHarness;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

class GreeterPluginTest {
  private static final Path PLUGIN = Path.of("plugin");

  @RegisterExtension static final PluginExtension GREETER = PluginExtension.of(PLUGIN);

  @Test
  void greetsTheConfiguredNameAndCountsInState(PluginHarness greeter) {
    var run = greeter.config("{\"name\":\"Grace\"}").run("poll").assertSucceeded();
    assertEquals("hello Grace", run.result());
    run.assertEmitted("greeted", 1);
    assertEquals("{\"greetings\":1}", run.stateAfter());
  }

  @Test
  void passesTheConformanceChecks() {
    PluginConformance.Report report = PluginConformance.check(PLUGIN);
    assertTrue(report.passed(), report.describe());
  }

  @TestFactory
  Stream<DynamicTest> fixtures() {
    return PluginFixtures.of(PLUGIN);
  }
}
