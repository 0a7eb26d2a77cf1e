package dev.senechal.gw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senechal.gw.cli.DaemonProcess.Finished;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's {@code init} from the operator's side (SPEC §6): the daemon runs it at start and logs
 * the outcome; {@code plugins} and {@code status} show a failure from the store, with the daemon
 * stopped.
 */
class InitIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private void plugin(String name, String commands, String initBody) throws Exception {
    Path home = Files.createDirectories(dir.resolve("plugins").resolve(name));
    Files.writeString(
        home.resolve("manifest.yaml"),
        "name: " + name + "\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\ncommands: "
            + commands + "\n");
    Path script = home.resolve("run.sh");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "request=$(cat)\n"
            + "case \"$request\" in\n"
            + "  *'\"command\":\"init\"'*) echo init >> inits; " + initBody + " ;;\n"
            + "  *) echo '{\"status\":\"ok\"}' ;;\n"
            + "esac\n");
    script.toFile().setExecutable(true);
  }

  @Test
  void aFailedInitIsLoggedAndShownByPluginsAndStatusWithTheDaemonStopped() throws Exception {
    plugin("broken", "[poll, init]", "echo 'no token' >&2; exit 3");
    plugin("fine", "[poll, init]", "echo '{\"status\":\"ok\"}'");
    plugin("plain", "[poll]", "exit 1");
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "state: {path: ./data/state.db}\nplugins_dir: ./plugins\n"
            + "plugins:\n  broken: {}\n  fine: {}\n  plain: {}\n");
    String config = file.toString();

    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", config)) {
      JsonNode failed = daemon.awaitMessage("init of broken failed", WAIT);
      assertThat(failed.path("level").asText()).isEqualTo("WARN");
      assertThat(failed.path("message").asText())
          .isEqualTo("init of broken failed: exit 3; the plugin is marked unhealthy");
      JsonNode succeeded = daemon.awaitMessage("init of fine succeeded", WAIT);
      assertThat(succeeded.path("level").asText()).isEqualTo("INFO");
      daemon.awaitMessage("ready:", WAIT);
    }
    assertThat(Files.readAllLines(dir.resolve("plugins/broken/inits"))).hasSize(1);

    Finished plugins = DaemonProcess.run("plugins", "--json", "--config", config);
    assertThat(plugins.exitCode()).as(plugins.stderr()).isZero();
    JsonNode rows = plugins.json().path("plugins");
    JsonNode broken = row(rows, "broken");
    assertThat(broken.path("healthy").asBoolean()).isFalse();
    assertThat(broken.path("init").path("status").asText()).isEqualTo("failed");
    assertThat(broken.path("init").path("error").asText()).isEqualTo("exit 3");
    assertThat(Instant.parse(broken.path("init").path("at").asText())).isBefore(Instant.now());
    assertThat(row(rows, "fine").path("init").path("status").asText()).isEqualTo("ok");
    assertThat(row(rows, "fine").path("init").path("error").isNull()).isTrue();
    assertThat(row(rows, "fine").path("healthy").asBoolean()).isTrue();
    assertThat(row(rows, "plain").path("init").path("status").asText()).isEqualTo("not_declared");
    assertThat(row(rows, "plain").path("init").path("at").isNull()).isTrue();
    assertThat(DaemonProcess.run("plugins", "--config", config).stdout())
        .contains("INIT")
        .contains("failed (unhealthy): exit 3")
        .contains("not declared");

    Finished status = DaemonProcess.run("status", "--json", "--config", config);
    assertThat(status.exitCode()).as(status.stderr()).isZero();
    JsonNode root = status.json();
    assertThat(root.path("daemon").path("running").asBoolean()).isFalse();
    assertThat(root.path("plugins_unhealthy").asInt()).isEqualTo(1);
    JsonNode unhealthy = root.path("unhealthy_plugins").get(0);
    assertThat(unhealthy.path("plugin").asText()).isEqualTo("broken");
    assertThat(unhealthy.path("init").asText()).isEqualTo("failed");
    assertThat(unhealthy.path("error").asText()).isEqualTo("exit 3");
    assertThat(DaemonProcess.run("status", "--config", config).stdout())
        .contains("1 plugin(s) whose init failed")
        .contains("broken");

    // A restart with the same config does not run init again.
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", config)) {
      daemon.awaitMessage("ready:", WAIT);
    }
    assertThat(Files.readAllLines(dir.resolve("plugins/broken/inits"))).hasSize(1);
  }

  private static JsonNode row(JsonNode rows, String name) {
    for (JsonNode row : rows) {
      if (row.path("name").asText().equals(name)) {
        return row;
      }
    }
    throw new AssertionError("no row for " + name + " in " + rows);
  }
}
