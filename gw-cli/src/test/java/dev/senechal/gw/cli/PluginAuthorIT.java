package dev.senechal.gw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senechal.gw.cli.DaemonProcess.Finished;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a plugin author in any language runs: no config file, no daemon. */
class PluginAuthorIT {
  private static final Path PLUGINS = DaemonProcess.REPO.resolve("plugins");
  private static final Path TESTING = DaemonProcess.REPO.resolve("testing/plugins");

  @TempDir Path dir;

  @Test
  void pluginCheckPassesAGoodPluginAndNamesEachFailureOfABadOne() throws Exception {
    Finished good = DaemonProcess.run("plugin", "check", PLUGINS.resolve("echo").toString());
    assertThat(good.exitCode()).as(good.stdout() + good.stderr()).isZero();
    assertThat(good.stdout()).contains("PASS  command poll").endsWith("conformant\n");

    Finished bad =
        DaemonProcess.run("plugin", "check", TESTING.resolve("noise").toString(), "--json");
    assertThat(bad.exitCode()).isEqualTo(1);
    JsonNode report = bad.json();
    assertThat(report.path("passed").asBoolean()).isFalse();
    JsonNode poll = null;
    for (JsonNode check : report.path("checks")) {
      if (check.path("name").asText().equals("command poll")) {
        poll = check;
      }
    }
    assertThat(poll).isNotNull();
    assertThat(poll.path("passed").asBoolean()).isFalse();
    assertThat(poll.path("message").asText()).contains("stdout is not JSON");
  }

  @Test
  void pluginTestFixturesChecksEveryFixturePairAndNamesEachMismatch() throws Exception {
    Finished good = DaemonProcess.run("plugin", "test", PLUGINS.resolve("echo").toString(),
        "--fixtures");
    assertThat(good.exitCode()).as(good.stdout() + good.stderr()).isZero();
    assertThat(good.stdout()).contains("PASS  poll").contains("PASS  mode-hang")
        .contains("fixture(s) pass");

    Path plugin = Files.createDirectories(dir.resolve("ok"));
    Files.copy(TESTING.resolve("ok/manifest.yaml"), plugin.resolve("manifest.yaml"));
    Files.copy(TESTING.resolve("ok/run.sh"), plugin.resolve("run.sh"));
    Files.createDirectories(plugin.resolve("testdata"));
    Files.writeString(plugin.resolve("testdata/poll.request.json"), "{\"state\":{\"runs\":1}}");
    Files.writeString(plugin.resolve("testdata/poll.expected.json"),
        "{\"state_after\":{\"runs\":5}}");

    Finished bad = DaemonProcess.run("plugin", "test", plugin.toString(), "--fixtures", "--json");
    assertThat(bad.exitCode()).isEqualTo(1);
    JsonNode result = bad.json();
    assertThat(result.path("passed").asBoolean()).isFalse();
    assertThat(result.path("fixtures").get(0).path("mismatches").toString())
        .contains("$.state_after.runs: expected 5, got 2");
  }

  @Test
  void pluginTestRunsOneCommandWithTheGivenRequestParts() throws Exception {
    Path state = dir.resolve("state.json");
    Files.writeString(state, "{\"runs\":41}");

    Finished run =
        DaemonProcess.run("plugin", "test", TESTING.resolve("ok").toString(),
            "--state", "@" + state, "--payload", "{\"emit\":\"seen\"}", "--config", "limit=5",
            "--json");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    JsonNode result = run.json();
    assertThat(result.path("succeeded").asBoolean()).isTrue();
    assertThat(result.path("state_after").path("runs").asInt()).isEqualTo(42);
    assertThat(result.path("response").path("events").get(0).path("type").asText())
        .isEqualTo("seen");
    assertThat(result.path("stderr").asText()).contains("ok plugin: poll");

    Finished handle =
        DaemonProcess.run("plugin", "test", TESTING.resolve("ok").toString(), "--command",
            "handle", "--event", "{\"type\":\"seen\",\"payload\":{\"id\":1}}");
    assertThat(handle.exitCode()).isZero();
    assertThat(handle.stdout()).contains("verdict: succeeded");

    Finished failing =
        DaemonProcess.run("plugin", "test", TESTING.resolve("exit-code").toString(),
            "--payload", "{\"code\":75}");
    assertThat(failing.exitCode()).isEqualTo(1);
    assertThat(failing.stdout()).contains("verdict: failed: exit 75").contains("exiting 75");

    Finished usage =
        DaemonProcess.run("plugin", "test", TESTING.resolve("ok").toString(), "--event", "{}",
            "--command", "handle");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(usage.stderr()).contains("--event needs a \"type\"");

    Finished missing = DaemonProcess.run("plugin", "test", dir.resolve("nothing").toString());
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("no manifest.yaml in");
  }
}
