package dev.senechal.gw.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.BreakerState;
import dev.senechal.gw.queue.CircuitState;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.SubmittedBy;
import dev.senechal.gw.queue.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The circuit breaker through the whole engine with real plugins (SPEC §5, §6): it gates the
 * scheduler only, survives a restart, and half-opens on the clock. Nothing becomes due until the
 * test moves its clock and ticks.
 */
class CircuitBreakerTest {
  private static final Duration EVERY = Duration.ofMinutes(5);
  private static final Duration RESET_AFTER = Duration.ofMinutes(30);

  @TempDir Path dir;
  private final MutableClock clock = MutableClock.at("2026-02-08T10:00:00Z");

  private GatewayConfig config() throws Exception {
    Path plugins = dir.resolve("plugins");
    // flaky: poll fails ("status: error") until a file named healthy exists; handle always works.
    plugin(
        plugins,
        "flaky",
        "[poll, handle]",
        "req=$(cat)\n"
            + "if printf '%s' \"$req\" | grep -q '\"command\" *: *\"handle\"' || [ -f healthy ];"
            + " then\n"
            + "  echo '{\"status\":\"ok\"}'\n"
            + "else\n"
            + "  echo '{\"status\":\"error\",\"error\":\"upstream down\"}'\n"
            + "fi\n");
    plugin(
        plugins,
        "source",
        "[poll]",
        "cat >/dev/null\necho '{\"status\":\"ok\",\"events\":[{\"type\":\"ping\",\"payload\":{}}]}'\n");
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "service: {tick_interval: 1d}\n"
            + "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + plugins + "\n"
            + "plugins:\n"
            + "  flaky:\n"
            + "    schedule: {every: 5m}\n"
            + "    retry: {max_attempts: 1}\n"
            + "    circuit_breaker: {threshold: 2, reset_after: 30m}\n"
            + "  source: {}\n"
            + "routes:\n"
            + "  - {from: source, event_type: ping, to: flaky}\n");
    return ConfigLoader.load(file, Map.of());
  }

  private static void plugin(Path plugins, String name, String commands, String script)
      throws Exception {
    Path plugin = Files.createDirectories(plugins.resolve(name));
    Files.writeString(
        plugin.resolve("manifest.yaml"),
        "name: " + name + "\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\ncommands: "
            + commands + "\n");
    Files.writeString(plugin.resolve("run.sh"), "#!/bin/sh\n" + script);
    plugin.resolve("run.sh").toFile().setExecutable(true);
  }

  private Gateway start(GatewayConfig config) {
    Gateway gateway = Gateway.builder(config).clock(clock).build();
    gateway.start();
    return gateway;
  }

  private static List<Job> scheduledPolls(Gateway gateway) {
    return gateway.jobs().list(new JobQuery(null, "flaky", 100)).stream()
        .filter(job -> job.submittedBy() == SubmittedBy.SCHEDULER)
        .toList();
  }

  /**
   * Ticks the scheduler at the clock's current time and waits for the scheduled jobs to settle. A
   * reload ticks at once, on the calling thread (see {@link Gateway#reload(GatewayConfig)}); the
   * tick interval is a day, so no other tick interferes.
   */
  private static void tickAndSettle(Gateway gateway) throws Exception {
    assertThat(gateway.reload().applied()).isTrue();
    awaitScheduled(gateway);
  }

  /** Waits for the scheduled jobs of the tick that start() ran. */
  private static void awaitScheduled(Gateway gateway) throws Exception {
    for (Job job : scheduledPolls(gateway)) {
      gateway.await(job.id()).get(10, TimeUnit.SECONDS);
    }
  }

  private static CircuitState pollBreaker(Gateway gateway) {
    return gateway.breakers().breakers().stream()
        .filter(b -> b.plugin().equals("flaky") && b.command().equals("poll"))
        .map(BreakerState::state)
        .findFirst()
        .orElse(CircuitState.CLOSED);
  }

  @Test
  void anOpenBreakerStopsScheduledPollsOnlyAndSurvivesARestartUntilItsProbeSucceeds()
      throws Exception {
    GatewayConfig config = config();
    try (Gateway gateway = start(config)) {
      awaitScheduled(gateway); // the first run, due at start, fails
      assertThat(pollBreaker(gateway)).isEqualTo(CircuitState.CLOSED);
      clock.advance(EVERY);
      tickAndSettle(gateway); // second failure: threshold 2 reached
      assertThat(pollBreaker(gateway)).isEqualTo(CircuitState.OPEN);
      assertThat(gateway.pluginsCircuitOpen()).isEqualTo(1);

      clock.advance(EVERY);
      tickAndSettle(gateway);
      clock.advance(EVERY);
      tickAndSettle(gateway);
      assertThat(scheduledPolls(gateway)).hasSize(2);

      // Not gated: a routed handle job and an API poll of the same plugin still run.
      Job source =
          gateway.submit(NewJob.of("source", "poll", "{}", SubmittedBy.API))
              .get(10, TimeUnit.SECONDS);
      Job handle = gateway.jobs().children(source.id()).get(0);
      assertThat(gateway.await(handle.id()).get(10, TimeUnit.SECONDS).status())
          .isEqualTo(JobStatus.SUCCEEDED);
      Job manual =
          gateway.submit(NewJob.of("flaky", "poll", "{}", SubmittedBy.API).withMaxAttempts(1))
              .get(10, TimeUnit.SECONDS);
      assertThat(manual.status()).isEqualTo(JobStatus.DEAD);
      assertThat(manual.attempt()).isEqualTo(1);
    }

    Instant openedAt;
    try (Gateway restarted = start(config)) {
      BreakerState breaker = restarted.breakers().breakers().get(0);
      assertThat(breaker.state()).isEqualTo(CircuitState.OPEN);
      assertThat(breaker.consecutiveFailures()).isEqualTo(3); // the API poll counted too
      assertThat(breaker.lastError()).contains("upstream down");
      assertThat(restarted.pluginsCircuitOpen()).isEqualTo(1);
      openedAt = breaker.openedAt();

      clock.advance(EVERY);
      tickAndSettle(restarted);
      assertThat(scheduledPolls(restarted)).hasSize(2);

      Files.createFile(dir.resolve("plugins/flaky/healthy"));
      clock.set(openedAt.plus(RESET_AFTER));
      tickAndSettle(restarted); // the probe
      assertThat(scheduledPolls(restarted)).hasSize(3);
      assertThat(scheduledPolls(restarted).get(0).status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(restarted.breakers().breakers()).isEmpty();
      assertThat(restarted.pluginsCircuitOpen()).isZero();

      clock.advance(EVERY);
      tickAndSettle(restarted);
      assertThat(scheduledPolls(restarted)).hasSize(4);
    }
  }
}
