package dev.senechal.gw.cli;

import static dev.senechal.gw.cli.DaemonProcess.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senechal.gw.cli.DaemonProcess.Finished;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code senechal-gw logs}: the job log from the store, with and without a daemon, and --follow. */
class LogsIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  @Test
  void logsShowsEachAttemptAndFollowPrintsNewOnesAsTheyCome() throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(file,
        "service: {tick_interval: 200ms, shutdown_grace: 5s}\n"
            + "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + DaemonProcess.REPO.resolve("testing/plugins") + "\n"
            + "plugins:\n  ok: {}\n  exit-code: {retry: {max_attempts: 1}}\n");
    String config = file.toString();

    Finished none = cli(config, "logs");
    assertThat(none.exitCode()).isZero();
    assertThat(none.stdout()).contains("no job log yet");
    assertThat(cli(config, "logs", "--limit", "0").exitCode()).isEqualTo(2);

    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", config)) {
      daemon.awaitMessage("ready", WAIT);
      assertThat(cli(config, "run", "ok", "--wait").exitCode()).isZero();
      assertThat(cli(config, "run", "exit-code", "--payload", "{\"code\":3}", "--wait")
          .exitCode()).isEqualTo(1);

      JsonNode entries = cli(config, "logs", "ok", "--json").json().path("entries");
      assertThat(entries).hasSize(1);
      assertThat(entries.get(0).path("status").asText()).isEqualTo("succeeded");
      assertThat(entries.get(0).path("stderr").asText()).contains("ok plugin: poll");
      assertThat(entries.get(0).path("logs").isArray()).isTrue();

      Finished text = cli(config, "logs");
      assertThat(text.stdout())
          .contains("ok poll  job")
          .contains("exit-code poll  job")
          .contains("error: exit 3")
          .contains("stderr: exit-code: exiting 3");

      try (DaemonProcess follow =
          DaemonProcess.start("logs", "--follow", "--json", "--limit", "1", "--config", config)) {
        follow.awaitLog(n -> n.path("plugin").asText().equals("exit-code"), WAIT, "the tail");
        String id = cli(config, "run", "ok", "--wait", "--json").json().path("id").asText();
        JsonNode line = follow.awaitLog(n -> n.path("job_id").asText().equals(id), WAIT,
            "the new attempt of job " + id);
        assertThat(line.path("status").asText()).isEqualTo("succeeded");
      }
      daemon.signal("TERM");
      assertThat(daemon.awaitExit(WAIT)).isZero();
    }
    assertThat(cli(config, "logs", "--json").json().path("entries")).hasSize(3);
  }
}
