package dev.senechal.gw.cli;

import static dev.senechal.gw.cli.DaemonProcess.cli;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.senechal.gw.cli.DaemonProcess.Finished;
import dev.senechal.gw.queue.BreakerState;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Circuit breakers from the operator's side (SPEC §6, §9): {@code status} shows them, {@code reset}
 * closes them with the daemon running or stopped, and a running daemon follows the reset.
 */
class BreakerIT {
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private String config(String exitCodePlugin) throws IOException {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "service: {tick_interval: 200ms}\n"
            + "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + DaemonProcess.REPO.resolve("testing/plugins") + "\n"
            + "plugins:\n"
            + "  exit-code:\n" + exitCodePlugin
            + "  ok: {}\n");
    return file.toString();
  }

  private static long opened(DaemonProcess daemon) {
    return daemon.logs().stream()
        .filter(n -> n.path("message").asText()
            .contains("circuit breaker of exit-code poll opened after 2 consecutive failures"))
        .count();
  }

  @Test
  void aRunningDaemonOpensTheBreakerShowsItInStatusAndFollowsAResetFromTheCli()
      throws Exception {
    String config =
        config(
            "    schedule: {every: 1s, payload: {code: 1}}\n"
                + "    retry: {max_attempts: 1}\n"
                + "    circuit_breaker: {threshold: 2, reset_after: 1h}\n");
    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", config)) {
      JsonNode opened = daemon.awaitMessage("circuit breaker of exit-code poll opened", WAIT);
      assertThat(opened.path("level").asText()).isEqualTo("WARN");
      JsonNode refused = daemon.awaitMessage("scheduled poll refused until", WAIT);
      assertThat(refused.path("level").asText()).isEqualTo("WARN");
      assertThat(refused.path("message").asText()).contains("exit-code poll is open");

      Finished status = cli(config, "status", "--json");
      assertThat(status.exitCode()).as(status.stderr()).isZero();
      JsonNode root = status.json();
      assertThat(root.path("daemon").path("running").asBoolean()).isTrue();
      assertThat(root.path("plugins_circuit_open").asInt()).isEqualTo(1);
      JsonNode breaker = root.path("breakers").get(0);
      assertThat(breaker.path("plugin").asText()).isEqualTo("exit-code");
      assertThat(breaker.path("command").asText()).isEqualTo("poll");
      assertThat(breaker.path("state").asText()).isEqualTo("open");
      assertThat(breaker.path("consecutive_failures").asInt()).isEqualTo(2);
      Instant openedAt = Instant.parse(breaker.path("opened_at").asText());
      assertThat(Instant.parse(breaker.path("probe_at").asText()))
          .isEqualTo(openedAt.plus(Duration.ofHours(1)));
      assertThat(breaker.path("last_error").asText()).contains("exit 1");
      assertThat(cli(config, "status").stdout())
          .contains("1 plugin(s) with a breaker open")
          .contains("exit-code poll")
          .contains("open since");

      Finished reset = cli(config, "reset", "exit-code", "--command", "poll");
      assertThat(reset.exitCode()).as(reset.stderr()).isZero();
      assertThat(reset.stdout())
          .contains("closed the circuit breaker of exit-code poll (was open, 2 consecutive");

      // The daemon reads the breaker on every scheduled run: polls resume, fail, open it again.
      daemon.awaitLog(
          n -> opened(daemon) >= 2, WAIT, "the breaker opened again after the reset");
    }
  }

  @Test
  void resetWithoutADaemonClosesWhatTheStoreHoldsAndRefusesAnUnknownPlugin() throws Exception {
    String config = config("    circuit_breaker: {threshold: 1, reset_after: 30m}\n");
    StoreConfig storeConfig = StoreConfig.defaults(dir.resolve("data/state.db"));
    try (QueueStore store = QueueStore.openSqlite(storeConfig, Clock.systemUTC())) {
      store.updateBreaker("exit-code", "poll", b -> b.failed(Instant.now(), "exit status 3", 1));
      store.updateBreaker("exit-code", "handle", b -> b.failed(Instant.now(), "exit status 4", 2));
    }

    JsonNode before = cli(config, "status", "--json").json();
    assertThat(before.path("daemon").path("running").asBoolean()).isFalse();
    assertThat(before.path("plugins_circuit_open").asInt()).isEqualTo(1);
    assertThat(before.path("breakers")).hasSize(2);
    assertThat(before.path("breakers").get(0).path("command").asText()).isEqualTo("handle");
    assertThat(before.path("breakers").get(0).path("state").asText()).isEqualTo("closed");
    assertThat(before.path("breakers").get(0).path("probe_at").isNull()).isTrue();

    Finished unknown = cli(config, "reset", "nope");
    assertThat(unknown.exitCode()).isEqualTo(1);
    assertThat(unknown.stderr()).contains("no plugin nope");
    assertThat(cli(config, "reset").exitCode()).isEqualTo(2);

    Finished reset = cli(config, "reset", "exit-code", "--json");
    assertThat(reset.exitCode()).as(reset.stderr()).isZero();
    assertThat(reset.json().path("reset")).hasSize(2);
    assertThat(reset.json().path("reset").get(1).path("was").asText()).isEqualTo("open");

    JsonNode after = cli(config, "status", "--json").json();
    assertThat(after.path("plugins_circuit_open").asInt()).isZero();
    assertThat(after.path("breakers")).isEmpty();
    Finished again = cli(config, "reset", "ok");
    assertThat(again.exitCode()).isZero();
    assertThat(again.stdout()).contains("nothing to reset");
    try (QueueStore store = QueueStore.openSqlite(storeConfig, Clock.systemUTC())) {
      assertThat(store.breakers()).extracting(BreakerState::plugin).isEmpty();
    }
  }
}
