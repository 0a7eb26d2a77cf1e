package dev.senechal.gw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senechal.gw.protocol.ProcessGroups;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The daemon as operators run it: the real jar, real plugins, a real SQLite file, signals. */
class DaemonIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private Path config(String plugins) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "service:\n"
            + "  tick_interval: 200ms\n"
            + "  shutdown_grace: 10s\n"
            + "state:\n"
            + "  path: ./data/state.db\n"
            + "plugins_dir: "
            + DaemonProcess.REPO.resolve("testing/plugins")
            + "\n"
            + "plugins:\n"
            + plugins);
    return file;
  }

  private QueueStore store() {
    return QueueStore.openSqlite(
        StoreConfig.defaults(dir.resolve("data/state.db")), Clock.systemUTC());
  }

  @Test
  void runsTheEchoPluginOnScheduleWithJsonLogsAndPersistsItsState() throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "service: {tick_interval: 200ms}\n"
            + "state: {path: ./data/state.db}\n"
            + "plugins_dir: "
            + DaemonProcess.REPO.resolve("plugins")
            + "\n"
            + "plugins:\n"
            + "  echo:\n"
            + "    schedule: {every: 1s, jitter: 200ms}\n");
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", file.toString())) {
      daemon.awaitMessage("ready", WAIT);
      JsonNode succeeded = daemon.awaitMessage("echo poll succeeded", WAIT);
      daemon.awaitLog(
          n -> n.path("message").asText().contains("echo poll succeeded")
              && !n.path("job_id").asText().equals(succeeded.path("job_id").asText()),
          WAIT,
          "a second scheduled run");
      assertThat(succeeded.path("plugin").asText()).isEqualTo("echo");
      assertThat(succeeded.path("job_id").asText()).hasSize(36);
      assertThat(succeeded.has("timestamp")).isTrue();
      assertThat(succeeded.path("level").asText()).isEqualTo("INFO");
      assertThat(succeeded.path("component").asText()).isNotEmpty();
      JsonNode stderrLine = daemon.awaitMessage("plugin stderr", WAIT);
      assertThat(stderrLine.path("level").asText()).isEqualTo("WARN");
      assertThat(stderrLine.path("message").asText()).contains("echo: received");
      assertThat(stderrLine.path("plugin").asText()).isEqualTo("echo");
      assertThat(Files.readString(dir.resolve("data/senechal-gw.lock")).trim())
          .isEqualTo(Long.toString(daemon.pid()));

      daemon.signal("TERM");
      assertThat(daemon.awaitExit(WAIT)).isZero();
      assertThat(daemon.logs()).allSatisfy(n -> assertThat(n.has("message")).isTrue());
    }
    try (QueueStore store = store()) {
      assertThat(store.get("echo")).contains("\"last_run\"");
      List<Job> done = store.list(new JobQuery(JobStatus.SUCCEEDED, "echo", 10));
      assertThat(done).hasSizeGreaterThanOrEqualTo(2);
      assertThat(store.attempts(done.get(0).id()).get(0).stderr()).contains("echo: received");
    }
  }

  @Test
  void aSecondStartExitsOneNamingTheHolder() throws Exception {
    Path file = config("  crash-once:\n    enabled: false\n");
    try (DaemonProcess first = DaemonProcess.start("start", "--config", file.toString())) {
      first.awaitMessage("ready", WAIT);
      try (DaemonProcess second = DaemonProcess.start("start", "--config", file.toString())) {
        assertThat(second.awaitExit(WAIT)).isEqualTo(1);
        assertThat(second.stderr())
            .contains("already running")
            .contains("pid " + first.pid());
      }
      first.signal("INT");
      assertThat(first.awaitExit(WAIT)).isZero();
    }
  }

  @Test
  void anApiAddressInUseExitsOneNamingTheAddress() throws Exception {
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path file =
          config(
              "  crash-once:\n    enabled: false\n"
                  + "api:\n  listen: 127.0.0.1:" + taken.getLocalPort() + "\n  tokens:\n"
                  + "    - {name: t, key: 0123456789abcdef0123, scopes: [read]}\n");
      try (DaemonProcess daemon = DaemonProcess.start("start", "--config", file.toString())) {
        assertThat(daemon.awaitExit(WAIT)).isEqualTo(1);
        assertThat(daemon.stderr())
            .contains("cannot listen on 127.0.0.1:" + taken.getLocalPort());
      }
    }
  }

  @Test
  void killDashNineMidJobThenRestartKillsTheLeftoverPluginAndRerunsTheJob() throws Exception {
    Path file =
        config(
            "  crash-once:\n"
                + "    schedule:\n"
                + "      every: 1d\n"
                + "      payload: {dir: \""
                + dir
                + "\"}\n"
                + "    timeouts: {poll: 120s}\n");
    Path pidFile = dir.resolve("first-run.pid");
    long pluginPid;
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", file.toString())) {
      daemon.awaitMessage("ready", WAIT);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
      }
      assertThat(pidFile).exists();
      pluginPid = Long.parseLong(Files.readString(pidFile).trim());
      daemon.signal("KILL");
      daemon.awaitExit(WAIT);
    }
    assertThat(new ProcessGroups().members(pluginPid))
        .as("the plugin outlived the killed daemon")
        .contains(pluginPid);

    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", file.toString())) {
      JsonNode killed = daemon.awaitMessage("killing plugin process group", WAIT);
      JsonNode requeued = daemon.awaitMessage("re-queued as attempt 2", WAIT);
      assertThat(requeued.path("level").asText()).isEqualTo("WARN");
      assertThat(requeued.path("message").asText()).contains("crash-once");
      JsonNode ok = daemon.awaitMessage("crash-once poll succeeded", WAIT);
      assertThat(daemon.indexOf("killing plugin process group"))
          .as("the leftover plugin is killed before the dispatcher runs anything")
          .isLessThan(daemon.indexOf("ready"))
          .isLessThan(daemon.indexOf("crash-once poll succeeded"));
      // The plugin leads its own process group; zombies left for an init that never reaps them
      // do not count (they cannot run anything).
      assertThat(new ProcessGroups().members(pluginPid))
          .as("processes of the leftover plugin's group after the restart")
          .isEmpty();
      assertThat(killed.path("message").asText()).contains(ok.path("job_id").asText());
      daemon.signal("TERM");
      assertThat(daemon.awaitExit(WAIT)).isZero();
    }
    try (QueueStore store = store()) {
      Job job = store.list(new JobQuery(JobStatus.SUCCEEDED, "crash-once", 5)).get(0);
      assertThat(job.attempt()).isEqualTo(2);
      assertThat(store.attempts(job.id())).extracting(a -> a.status())
          .containsExactly(JobStatus.FAILED, JobStatus.SUCCEEDED);
    }
  }

  @Test
  void anInvalidConfigReportsEveryErrorWithItsKeyPathAndStartsNothing() throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        "service:\n"
            + "  tick_intervall: 5s\n"
            + "  shutdown_grace: soon\n"
            + "state:\n"
            + "  path: ./data/state.db\n"
            + "plugins_dir: ./plugins\n"
            + "plugins:\n"
            + "  echo:\n"
            + "    schedule: {every: 5x}\n"
            + "    retry: {max_attempts: 0}\n"
            + "routes:\n"
            + "  - {from: echo, event_type: x, to: nobody}\n");
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", file.toString())) {
      assertThat(daemon.awaitExit(WAIT)).isEqualTo(1);
      assertThat(daemon.stderr())
          .contains("service.tick_intervall")
          .contains("did you mean 'tick_interval'")
          .contains("service.shutdown_grace")
          .contains("plugins.echo.schedule.every")
          .contains("plugins.echo.retry.max_attempts")
          .contains("routes[0].to");
      assertThat(daemon.logs()).isEmpty();
    }
    assertThat(dir.resolve("data")).doesNotExist();
    try (DaemonProcess check = DaemonProcess.start("config", "check", "--config", file.toString())) {
      assertThat(check.awaitExit(WAIT)).isEqualTo(1);
      assertThat(check.stderr()).contains("service.tick_intervall").contains("routes[0].to");
    }
  }

  @Test
  void aPluginFloodingStdoutFailsWithACapErrorWhileASmallHeapDaemonStaysUp() throws Exception {
    Path file =
        config(
            "  flood:\n"
                + "    schedule: {every: 1d, payload: {mb: 200}}\n"
                + "    retry: {max_attempts: 1}\n");
    try (DaemonProcess daemon =
        DaemonProcess.start(
            List.of("-XX:+UseSerialGC", "-Xmx40m", "-XX:TieredStopAtLevel=1"),
            "start", "--config", file.toString())) {
      JsonNode dead = daemon.awaitMessage("flood poll is dead", Duration.ofSeconds(60));
      assertThat(dead.path("message").asText()).contains("stdout exceeded");
      daemon.signal("TERM");
      assertThat(daemon.awaitExit(WAIT)).isZero();
    }
  }
}
