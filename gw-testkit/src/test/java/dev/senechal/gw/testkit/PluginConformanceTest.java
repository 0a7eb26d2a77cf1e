package dev.senechal.gw.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.testkit.PluginConformance.Check;
import dev.senechal.gw.testkit.PluginConformance.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginConformanceTest {
  private static final Path TESTING = Path.of("..", "testing", "plugins");

  @TempDir Path dir;

  private static Map<String, Check> byName(Report report) {
    return report.checks().stream().collect(Collectors.toMap(Check::name, c -> c));
  }

  private Path plugin(String name, String manifest, String script) throws Exception {
    Path plugin = Files.createDirectories(dir.resolve(name));
    Files.writeString(plugin.resolve("manifest.yaml"), manifest);
    Files.writeString(plugin.resolve("run.sh"), script);
    plugin.resolve("run.sh").toFile().setExecutable(true);
    return plugin;
  }

  @Test
  void theBundledEchoPluginPassesEveryCheck() {
    Report report = PluginConformance.check(Path.of("..", "plugins", "echo"));

    assertThat(report.passed()).as(report.describe()).isTrue();
    assertThat(report.checks()).extracting(Check::name)
        .containsExactly("manifest", "entrypoint", "command poll", "command handle",
            "command health", "unsupported protocol");
    assertThat(report.describe()).contains("PASS  unsupported protocol");
  }

  @Test
  void stdoutNoiseFailsTheCommandCheckWithThePluginsOutputRule() {
    Map<String, Check> checks = byName(PluginConformance.check(TESTING.resolve("noise")));

    assertThat(checks.get("manifest").passed()).isTrue();
    assertThat(checks.get("command poll").passed()).isFalse();
    assertThat(checks.get("command poll").message()).contains("stdout");
  }

  @Test
  void aPluginThatDoesNotAnswerInTimeFails() {
    Map<String, Check> checks =
        byName(PluginConformance.check(TESTING.resolve("hang"), Duration.ofMillis(300)));

    assertThat(checks.get("command poll").passed()).isFalse();
    assertThat(checks.get("command poll").message()).isEqualTo("no answer within PT0.3S");
  }

  @Test
  void aBadManifestFailsAndNothingIsRun() throws Exception {
    Path bad = plugin("bad", "name: Bad Name!\nversion: 1\nprotocol: 2\n", "#!/bin/sh\nexit 0\n");

    Report report = PluginConformance.check(bad);

    assertThat(report.passed()).isFalse();
    Map<String, Check> checks = byName(report);
    assertThat(checks.get("manifest").passed()).isFalse();
    assertThat(checks.get("manifest").message()).contains("manifest.yaml");
    assertThat(checks.get("commands").message()).isEqualTo("not run: the plugin cannot be started");
  }

  @Test
  void aValidManifestWithANonExecutableEntrypointFailsTheEntrypointCheck() throws Exception {
    Path lazy = plugin("lazy", "name: lazy\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\n"
        + "commands: [poll]\n", "#!/bin/sh\nexit 0\n");
    lazy.resolve("run.sh").toFile().setExecutable(false);

    Map<String, Check> checks = byName(PluginConformance.check(lazy));

    assertThat(checks.get("manifest").passed()).isTrue();
    assertThat(checks.get("entrypoint").passed()).isFalse();
    assertThat(checks.get("entrypoint").message()).contains("is not executable");
  }

  @Test
  void aDeclaredCommandThePluginDoesNotHandleFailsWithItsStderr() throws Exception {
    Path partial =
        plugin(
            "partial",
            "name: partial\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\n"
                + "commands: [poll, health]\n",
            "#!/usr/bin/env bash\ninput=$(cat)\n"
                + "[[ $input == *'\"protocol\":99'* ]] && exit 78\n"
                + "if [[ $input == *'\"command\":\"poll\"'* ]]; then echo '{\"status\":\"ok\"}';"
                + " exit 0; fi\n"
                + "echo 'unknown command' >&2\nexit 2\n");

    Report report = PluginConformance.check(partial);

    Map<String, Check> checks = byName(report);
    assertThat(checks.get("command poll").passed()).isTrue();
    assertThat(checks.get("command health").passed()).isFalse();
    assertThat(checks.get("command health").message()).contains("exit 2");
    assertThat(checks.get("command health").stderr()).contains("unknown command");
    assertThat(checks.get("unsupported protocol").passed()).isTrue();
    assertThat(report.describe())
        .contains("FAIL  command health")
        .contains("stderr: unknown command");
  }

  @Test
  void aPluginIgnoringTheProtocolVersionFailsThatCheck() {
    Map<String, Check> checks = byName(PluginConformance.check(TESTING.resolve("ok")));

    assertThat(checks.get("command poll").passed()).isTrue();
    assertThat(checks.get("unsupported protocol").passed()).isFalse();
    assertThat(checks.get("unsupported protocol").message())
        .isEqualTo("a protocol 99 request must exit 78 (EX_CONFIG), got exit 0");
  }
}
