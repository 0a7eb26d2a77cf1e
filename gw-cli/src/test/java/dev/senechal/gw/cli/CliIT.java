package dev.senechal.gw.cli;

import static dev.senechal.gw.cli.DaemonProcess.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senechal.gw.cli.DaemonProcess.Finished;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's read and run commands, black-box against the real jar, with and without daemon. */
class CliIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private String config() throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "service: {tick_interval: 200ms, shutdown_grace: 5s}\n"
            + "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + DaemonProcess.REPO.resolve("testing/plugins") + "\n"
            + "plugins:\n"
            + "  ok: {retry: {max_attempts: 2}}\n"
            + "  exit-code: {}\n");
    return file.toString();
  }

  @Test
  void withTheDaemonStoppedReadCommandsWorkAndRunQueuesAJob() throws Exception {
    String config = config();

    Finished status = cli(config, "status", "--json");
    assertThat(status.exitCode()).as(status.stderr()).isZero();
    JsonNode s = status.json();
    assertThat(s.path("daemon").path("running").asBoolean()).isFalse();
    assertThat(s.path("daemon").path("pid").isNull()).isTrue();
    assertThat(s.path("store_exists").asBoolean()).isFalse();
    assertThat(s.path("jobs").path("queued").asInt()).isZero();
    assertThat(s.path("plugins").path("loaded").asInt()).isEqualTo(2);
    assertThat(dir.resolve("data/state.db")).as("a read command creates no store").doesNotExist();

    Path payload = dir.resolve("payload.json");
    Files.writeString(payload, "{\"n\":1}");
    Finished run = cli(config, "run", "ok", "--payload", "@" + payload, "--json");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    String id = run.json().path("job_id").asText();
    assertThat(id).isNotBlank();

    JsonNode queue = cli(config, "queue", "--json").json();
    assertThat(queue.path("depth").asInt()).isEqualTo(1);
    assertThat(queue.path("queued").get(0).path("id").asText()).isEqualTo(id);
    assertThat(queue.path("running").size()).isZero();

    JsonNode show = cli(config, "job", "show", id, "--json").json();
    assertThat(show.path("status").asText()).isEqualTo("queued");
    assertThat(show.path("attempt").asInt()).isEqualTo(1);
    assertThat(show.path("max_attempts").asInt()).isEqualTo(2);
    assertThat(show.path("submitted_by").asText()).isEqualTo("cli");
    assertThat(show.path("payload").path("n").asInt()).isEqualTo(1);
    assertThat(show.path("context").path("origin_source").asText()).isEqualTo("cli");
    assertThat(show.path("attempts").isArray()).isTrue();
    assertThat(show.path("children").isArray()).isTrue();
    for (String key : List.of("created_at", "started_at", "completed_at", "next_retry_at",
        "last_error", "parent_job_id", "dedupe_key", "source_event_id", "process")) {
      assertThat(show.has(key)).as("job show --json has %s", key).isTrue();
    }

    Finished handle =
        cli(config, "run", "ok", "--command", "handle", "--event-type", "ping",
            "--payload", "{\"n\":2}", "--json");
    assertThat(handle.exitCode()).as(handle.stderr()).isZero();
    JsonNode event =
        cli(config, "job", "show", handle.json().path("job_id").asText(), "--json")
            .json()
            .path("payload");
    assertThat(event.path("type").asText()).isEqualTo("ping");
    assertThat(event.path("source").asText()).isEqualTo("cli");
    assertThat(event.path("payload").path("n").asInt()).isEqualTo(2);
    assertThat(event.path("event_id").asText()).isNotBlank();
    assertThat(event.path("timestamp").asText()).isNotBlank();

    JsonNode list = cli(config, "job", "list", "--status", "queued", "--json").json();
    assertThat(list.path("jobs")).hasSize(2);
    assertThat(cli(config, "job", "list", "--status", "dead", "--json").json().path("jobs"))
        .isEmpty();

    Finished table = cli(config, "job", "list");
    assertThat(table.stdout()).contains("ID").contains("STATUS").contains(id).contains("queued");

    JsonNode plugins = cli(config, "plugins", "--json").json();
    List<String> loaded = new ArrayList<>();
    plugins.path("plugins").forEach(p -> {
      if (p.path("status").asText().equals("loaded")) {
        loaded.add(p.path("name").asText());
      }
    });
    assertThat(loaded).containsExactlyInAnyOrder("ok", "exit-code");
    assertThat(cli(config, "plugins").stdout()).contains("NAME").contains("not enabled");
  }

  @Test
  void withTheDaemonRunningRunWaitsForTheOutcomeAndJobShowTellsEverything() throws Exception {
    String config = config();
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", config)) {
      daemon.awaitMessage("ready", WAIT);

      JsonNode status = cli(config, "status", "--json").json();
      assertThat(status.path("daemon").path("running").asBoolean()).isTrue();
      assertThat(status.path("daemon").path("pid").asLong()).isEqualTo(daemon.pid());
      assertThat(cli(config, "status").stdout()).contains("running (pid " + daemon.pid() + ")");

      Finished ok = cli(config, "run", "ok", "--wait", "--json");
      assertThat(ok.exitCode()).as(ok.stderr()).isZero();
      JsonNode job = ok.json();
      assertThat(job.path("status").asText()).isEqualTo("succeeded");
      JsonNode attempt = job.path("attempts").get(0);
      assertThat(attempt.path("exit_code").asInt()).isZero();
      assertThat(attempt.path("result").asText()).startsWith("ok poll");
      assertThat(attempt.path("stderr").asText()).isNotBlank();
      assertThat(attempt.path("logs").isArray()).isTrue();

      Finished handled =
          cli(config, "run", "ok", "--command", "handle", "--payload", "{\"n\":3}",
              "--wait", "--timeout", "30s", "--json");
      assertThat(handled.exitCode()).as(handled.stderr()).isZero();
      assertThat(handled.json().path("status").asText()).isEqualTo("succeeded");
      assertThat(handled.json().path("payload").path("type").asText()).isEqualTo("cli");

      Finished dead =
          cli(config, "run", "exit-code", "--payload", "{\"code\":78}", "--wait", "--timeout", "30s");
      assertThat(dead.exitCode()).isEqualTo(1);
      assertThat(dead.stdout()).contains("dead").contains("exit 78");
      String deadId = dead.stdout().split(" ")[0];

      Finished show = cli(config, "job", "show", deadId);
      assertThat(show.exitCode()).isZero();
      assertThat(show.stdout())
          .contains("status")
          .contains("dead")
          .contains("attempt 1: dead, exit 78")
          .contains("exit-code: exiting 78");

      JsonNode counts = cli(config, "status", "--json").json().path("jobs");
      assertThat(counts.path("succeeded").asInt()).isEqualTo(2);
      assertThat(counts.path("dead").asInt()).isEqualTo(1);

      daemon.signal("TERM");
      assertThat(daemon.awaitExit(WAIT)).isZero();
    }
    assertThat(cli(config, "status", "--json").json().path("daemon").path("running").asBoolean())
        .isFalse();
  }

  @Test
  void pluginHealthRunsTheHealthCommandNowAndExitsByItsAnswer() throws Exception {
    Path plugins = dir.resolve("plugins");
    Path sick = Files.createDirectories(plugins.resolve("sick"));
    Files.writeString(sick.resolve("manifest.yaml"),
        "name: sick\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\ncommands: [poll, health]\n");
    Files.writeString(sick.resolve("run.sh"),
        "#!/usr/bin/env bash\ncat >/dev/null\necho 'cannot reach the API' >&2\n"
            + "echo '{\"status\":\"error\",\"error\":\"token expired\"}'\nexit 1\n");
    sick.resolve("run.sh").toFile().setExecutable(true);
    Path file = dir.resolve("health.yaml");
    Files.writeString(file,
        "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + DaemonProcess.REPO.resolve("testing/plugins") + "\n"
            + "plugins:\n  ok: {}\n  exit-code: {}\n");
    String config = file.toString();

    Finished healthy = cli(config, "plugin", "health", "ok", "--json");
    assertThat(healthy.exitCode()).as(healthy.stderr()).isZero();
    JsonNode h = healthy.json();
    assertThat(h.path("healthy").asBoolean()).isTrue();
    assertThat(h.path("result").asText()).startsWith("ok health");
    assertThat(h.path("logs").isArray()).isTrue();
    assertThat(h.has("stderr")).isTrue();
    assertThat(h.has("duration_ms")).isTrue();

    Finished all = cli(config, "status", "--health", "--json");
    assertThat(all.exitCode()).as(all.stderr()).isZero();
    assertThat(all.json().path("health")).hasSize(1);
    assertThat(all.json().path("health").get(0).path("plugin").asText()).isEqualTo("ok");
    assertThat(all.json().path("health").get(0).path("healthy").asBoolean()).isTrue();

    Finished none = cli(config, "plugin", "health", "exit-code");
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.stderr()).contains("does not declare a health command");

    Files.writeString(file,
        "state: {path: ./data/state.db}\nplugins_dir: " + plugins + "\nplugins:\n  sick: {}\n");
    Finished unhealthy = cli(config, "plugin", "health", "sick");
    assertThat(unhealthy.exitCode()).isEqualTo(1);
    assertThat(unhealthy.stdout())
        .contains("sick: unhealthy")
        .contains("token expired")
        .contains("cannot reach the API");
    Finished statusHealth = cli(config, "status", "--health");
    assertThat(statusHealth.exitCode()).as("an unhealthy plugin makes status --health exit 1")
        .isEqualTo(1);
    assertThat(statusHealth.stdout()).contains("sick").contains("unhealthy").contains("exit 1");
    assertThat(dir.resolve("data")).as("health goes around the queue").doesNotExist();
  }

  @Test
  void usageErrorsExitTwoAndBadInputNamesWhatWasWrong() throws Exception {
    String config = config();

    assertThat(DaemonProcess.run("no-such-command").exitCode()).isEqualTo(2);
    assertThat(DaemonProcess.run("job").exitCode()).isEqualTo(2);
    assertThat(DaemonProcess.run("run").exitCode()).isEqualTo(2);
    assertThat(cli(config, "job", "list", "--limit", "many").exitCode()).isEqualTo(2);
    assertThat(cli(config, "job", "list", "--limit", "0").exitCode()).isEqualTo(2);

    Finished status = cli(config, "job", "list", "--status", "exploded");
    assertThat(status.exitCode()).isEqualTo(2);
    assertThat(status.stderr()).contains("--status 'exploded'").contains("timed_out");

    Finished payload = cli(config, "run", "ok", "--payload", "{oops");
    assertThat(payload.exitCode()).isEqualTo(2);
    assertThat(payload.stderr()).contains("--payload is not valid JSON");

    Finished missing = cli(config, "run", "ok", "--payload", "@" + dir.resolve("nope.json"));
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("--payload: cannot read").contains("nope.json");

    Finished eventType = cli(config, "run", "ok", "--event-type", "ping");
    assertThat(eventType.exitCode()).isEqualTo(2);
    assertThat(eventType.stderr()).contains("--event-type applies to --command handle only");

    Finished unknown = cli(config, "run", "nobody");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr()).contains("no plugin nobody is loaded");

    Finished command = cli(config, "run", "ok", "--command", "explode");
    assertThat(command.exitCode()).isEqualTo(1);
    assertThat(command.stderr()).contains("has no command 'explode'");

    Finished noJob = cli(config, "job", "show", "0000");
    assertThat(noJob.exitCode()).isEqualTo(1);
    assertThat(noJob.stderr()).contains("no job 0000");
    assertThat(dir.resolve("data")).as("nothing was enqueued").doesNotExist();
  }
}
