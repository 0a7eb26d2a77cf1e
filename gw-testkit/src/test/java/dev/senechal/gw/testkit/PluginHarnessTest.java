package dev.senechal.gw.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.protocol.EmittedEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginHarnessTest {
  private static final Path TESTING = Path.of("..", "testing", "plugins");
  private static final Path PLUGINS = Path.of("..", "plugins");

  @TempDir Path dir;

  @Test
  void runsAPluginAsTheDaemonDoesAndAppliesItsStateUpdates() {
    try (PluginHarness ok = PluginHarness.of(TESTING.resolve("ok"))) {
      PluginRun run = ok.state("{\"runs\":4,\"kept\":true}").run("poll").assertSucceeded();

      assertThat(run.exitCode()).isZero();
      assertThat(run.result()).startsWith("ok poll pid=");
      assertThat(run.logs()).extracting(l -> l.message()).containsExactly("ok ran poll");
      assertThat(run.stderr()).contains("ok plugin: poll");
      assertThat(run.stateAfter())
          .isEqualTo("{\"runs\":5,\"kept\":true,\"last_command\":\"poll\"}");
      assertThat(run.duration()).isPositive();
    }
  }

  @Test
  void eventsCanBeCheckedByType() {
    try (PluginHarness ok = PluginHarness.of(TESTING.resolve("ok"))) {
      PluginRun run = ok.payload("{\"emit\":\"thing_seen\"}").run("poll");
      List<EmittedEvent> events = run.assertEmitted("thing_seen", 1);
      assertThat(events.get(0).payload()).contains("\"from\":\"ok\"");
      assertThatThrownBy(() -> run.assertEmitted("other", 1))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("expected 1 event(s) of type 'other'")
          .hasMessageContaining("[thing_seen]");

      PluginRun handled = ok.event("thing_seen", "{\"id\":7}").run("handle");
      handled.assertSucceeded();
      assertThat(handled.result()).startsWith("ok handle");
    }
  }

  @Test
  void aFailureSaysWhyAndCarriesThePluginsStderr() {
    try (PluginHarness exit = PluginHarness.of(TESTING.resolve("exit-code"))) {
      PluginRun run = exit.payload("{\"code\":78}").run("poll");
      assertThat(run.succeeded()).isFalse();
      assertThat(run.retryable()).isFalse();
      run.assertFailedWith("exit 78");
      assertThatThrownBy(run::assertSucceeded)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("expected exit-code poll to succeed, but: exit 78")
          .hasMessageContaining("--- plugin stderr ---")
          .hasMessageContaining("exit-code: exiting 78");
      assertThat(run.stateAfter()).as("a failed run changes no state").isEqualTo("{}");
    }
  }

  @Test
  void stdoutNoiseIsTheProtocolViolationTheDaemonWouldRecord() {
    try (PluginHarness noise = PluginHarness.of(TESTING.resolve("noise"))) {
      PluginRun run = noise.run("poll");
      run.assertFailed();
      assertThat(run.error()).contains("stdout");
      assertThat(run.stdout()).startsWith("starting noise plugin");
    }
  }

  @Test
  void aHungPluginTimesOutAndItsGroupIsKilled() {
    try (PluginHarness hang =
        PluginHarness.of(TESTING.resolve("hang"))
            .timeout(Duration.ofMillis(300))
            .killGrace(Duration.ofMillis(200))) {
      PluginRun run = hang.run("poll");
      assertThat(run.timedOut()).isTrue();
      run.assertFailedWith("timed out");
      assertThat(run.signal()).isEqualTo(9);
    }
  }

  @Test
  void thePluginGetsTheMinimalEnvironmentPlusWhatTheTestSets() {
    try (PluginHarness env = PluginHarness.of(TESTING.resolve("env-dump"))) {
      PluginRun run = env.env("API_TOKEN", "t0k3n").run("poll").assertSucceeded();
      assertThat(run.result()).contains("API_TOKEN").contains("PATH").doesNotContain("JAVA_HOME");
    }
  }

  @Test
  void theBundledEchoPluginPasses() {
    try (PluginHarness echo = PluginHarness.of(PLUGINS.resolve("echo"))) {
      PluginRun run = echo.config(Map.of("greeting", "hi")).run("poll").assertSucceeded();
      assertThat(run.stateAfter()).contains("last_run");
      assertThat(run.result()).startsWith("echoed at ");
    }
  }

  @Test
  void badSetupIsRefusedWithTheReason() throws Exception {
    assertThatThrownBy(() -> PluginHarness.of(dir))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no manifest.yaml in " + dir.toAbsolutePath());
    Files.writeString(dir.resolve("manifest.yaml"),
        "name: lazy\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\ncommands: [poll]\n");
    Files.writeString(dir.resolve("run.sh"), "#!/bin/sh\necho '{\"status\":\"ok\"}'\n");
    assertThatThrownBy(() -> PluginHarness.of(dir))
        .hasMessageContaining("entrypoint 'run.sh' is not executable");
    dir.resolve("run.sh").toFile().setExecutable(true);
    try (PluginHarness lazy = PluginHarness.of(dir)) {
      assertThatThrownBy(() -> lazy.run("handle"))
          .hasMessageContaining("does not declare command 'handle'");
      assertThatThrownBy(() -> lazy.payload("[1]"))
          .hasMessageContaining("payload must be a JSON object");
      assertThatThrownBy(() -> lazy.state("{oops"))
          .hasMessageContaining("state is not valid JSON");
    }
  }

  @Test
  void aSinglePluginTestPullsNoStoreInjectorOrHttpServer() {
    for (String heavy :
        List.of("org.sqlite.JDBC", "org.jdbi.v3.core.Jdbi", "com.google.inject.Guice",
            "org.eclipse.jetty.server.Server", "io.javalin.Javalin")) {
      assertThatThrownBy(() -> Class.forName(heavy))
          .as("%s on the testkit's classpath", heavy)
          .isInstanceOf(ClassNotFoundException.class);
    }
  }
}
