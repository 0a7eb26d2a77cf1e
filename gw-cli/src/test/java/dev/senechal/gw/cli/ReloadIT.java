package dev.senechal.gw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senechal.gw.cli.DaemonProcess.Finished;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload (SPEC §9) as operators do it: edit the file, then SIGHUP or {@code senechal-gw reload}. */
class ReloadIT {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String REQUESTED = "reload requested (SIGHUP)";
  private static final String APPLIED = "reload applied: ";
  private static final String REJECTED =
      "reload rejected: 1 problem(s); keeping the running configuration";

  @TempDir Path dir;

  private Path config(String plugins) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "service: {tick_interval: 200ms, shutdown_grace: 5s}\n"
            + "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + DaemonProcess.REPO.resolve("testing/plugins") + "\n"
            + "plugins:\n"
            + plugins);
    return file;
  }

  private static DaemonProcess startDaemon(Path file) throws Exception {
    DaemonProcess daemon = DaemonProcess.start("start", "--config", file.toString());
    daemon.awaitMessage("ready: ", WAIT);
    return daemon;
  }

  private static long count(DaemonProcess daemon, String fragment) {
    return daemon.logs().stream()
        .filter(n -> n.path("message").asText().contains(fragment))
        .count();
  }

  private static void stop(DaemonProcess daemon) throws Exception {
    daemon.signal("TERM");
    assertThat(daemon.awaitExit(WAIT)).as(daemon.stderr()).isZero();
  }

  @Test
  void editingTheConfigThenSighupAppliesIt() throws Exception {
    Path file = config("  ok: {}\n");
    try (DaemonProcess daemon = startDaemon(file)) {
      config("  ok: {schedule: {every: 1h}}\n");

      daemon.signal("HUP");

      daemon.awaitMessage(REQUESTED, WAIT);
      JsonNode applied = daemon.awaitMessage(APPLIED, WAIT);
      assertThat(applied.path("level").asText()).isEqualTo("INFO");
      assertThat(applied.path("message").asText())
          .isEqualTo(
              "reload applied: plugins added [], removed [], changed [ok]; 0 routes, 1 schedule;"
                  + " 0 queued job(s) dead-lettered");
      daemon.awaitMessage("ok poll succeeded", WAIT);
      stop(daemon);
    }
  }

  @Test
  void anInvalidEditIsRejectedAndTheDaemonKeepsRunning() throws Exception {
    Path file = config("  ok: {}\n");
    try (DaemonProcess daemon = startDaemon(file)) {
      config("  ok: {schedule: {every: 5x}}\n");

      daemon.signal("HUP");

      JsonNode rejected = daemon.awaitMessage(REJECTED, WAIT);
      assertThat(rejected.path("level").asText()).isEqualTo("ERROR");
      JsonNode problem = daemon.awaitMessage("plugins.ok.schedule.every", WAIT);
      assertThat(problem.path("level").asText()).isEqualTo("ERROR");
      assertThat(problem.path("message").asText()).contains("'5x' is not an interval");

      // Still running, on the old config, and a corrected edit applies.
      config("  ok: {schedule: {every: 1h}}\n");
      daemon.signal("HUP");
      daemon.awaitMessage(APPLIED, WAIT);
      daemon.awaitMessage("ok poll succeeded", WAIT);
      stop(daemon);
      assertThat(count(daemon, APPLIED)).isEqualTo(1);
    }
  }

  @Test
  void aBurstOfSighupsIsAtMostTwoReloads() throws Exception {
    Path file = config("  ok: {}\n");
    try (DaemonProcess daemon = startDaemon(file)) {
      config("  ok: {retry: {max_attempts: 2}}\n");

      String pid = Long.toString(daemon.pid());
      Process burst = new ProcessBuilder("kill", "-HUP", pid, pid, pid, pid, pid).start();
      assertThat(burst.waitFor()).isZero();

      // Every request the daemon saw either ran a reload or joined a pending one.
      daemon.awaitLog(
          line ->
              count(daemon, APPLIED) >= 1
                  && count(daemon, APPLIED) + count(daemon, "joins it")
                      == count(daemon, REQUESTED),
          WAIT,
          "every SIGHUP accounted for");
      stop(daemon);
      assertThat(count(daemon, REQUESTED)).isBetween(1L, 5L);
      assertThat(count(daemon, APPLIED)).isBetween(1L, 2L);
    }
  }

  @Test
  void aSighupBeforeReadyDoesNotKillTheDaemonAndReloadsOnceItIsReady() throws Exception {
    Path file = config("  ok: {}\n");
    Path database = dir.resolve("data/state.db");
    QueueStore.openSqlite(StoreConfig.defaults(database), Clock.systemUTC()).close();
    // Holding the store's write lock keeps the daemon from finishing its start-up (crash recovery
    // waits for it), so the SIGHUP surely arrives before it is ready.
    try (Connection lock = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement sql = lock.createStatement()) {
      sql.execute("BEGIN IMMEDIATE");
      try (DaemonProcess daemon = DaemonProcess.start("start", "--config", file.toString())) {
        daemon.awaitMessage("starting: pid " + daemon.pid(), WAIT);

        daemon.signal("HUP");

        daemon.awaitMessage(REQUESTED, WAIT);
        daemon.awaitMessage("has not started yet", WAIT);
        assertThat(daemon.indexOf("ready: ")).isEqualTo(-1);
        sql.execute("COMMIT");
        daemon.awaitMessage("ready: ", WAIT);
        daemon.awaitMessage(APPLIED, WAIT);
        assertThat(daemon.indexOf(APPLIED)).isGreaterThan(daemon.indexOf("ready: "));
        stop(daemon);
      }
    }
  }

  @Test
  void theReloadCommandValidatesThenSignalsTheDaemon() throws Exception {
    Path file = config("  ok: {}\n");
    String config = file.toString();

    Finished none = DaemonProcess.run("reload", "--config", config);
    assertThat(none.exitCode()).isEqualTo(1);
    assertThat(none.stderr()).contains("no daemon is running on store");

    try (DaemonProcess daemon = startDaemon(file)) {
      config("  ok: {schedule: {every: 5x}}\n");
      Finished invalid = DaemonProcess.run("reload", "--config", config);
      assertThat(invalid.exitCode()).isEqualTo(1);
      assertThat(invalid.stderr())
          .contains("plugins.ok.schedule.every")
          .contains("the daemon was not signalled");

      config("  ok: {schedule: {every: 1h}}\n");
      Finished sent = DaemonProcess.run("reload", "--config", config);
      assertThat(sent.exitCode()).as(sent.stderr()).isZero();
      assertThat(sent.stdout()).contains("sent SIGHUP to the daemon (pid " + daemon.pid() + ")");
      daemon.awaitMessage(APPLIED, WAIT);
      daemon.awaitMessage("ok poll succeeded", WAIT);
      stop(daemon);
      assertThat(count(daemon, REQUESTED)).as("the invalid file was not signalled").isEqualTo(1);
      assertThat(count(daemon, REJECTED)).isZero();
    }
  }

  @Test
  void theReloadCommandNeedsAValidCommandLine() throws Exception {
    Finished usage = DaemonProcess.run("reload", "--no-such-option");
    assertThat(usage.exitCode()).isEqualTo(2);
    assertThat(List.of(usage.stderr())).anySatisfy(e -> assertThat(e).contains("no-such-option"));
  }
}
