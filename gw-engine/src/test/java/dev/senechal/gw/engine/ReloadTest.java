package dev.senechal.gw.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.engine.config.ConfigProblem;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.SubmittedBy;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Validate-then-swap reload (SPEC §9) on a started engine, with real plugin processes. */
class ReloadTest {
  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @TempDir Path dir;

  private Path plugins() {
    return dir.resolve("plugins");
  }

  /** A plugin whose script reads the request into {@code request.json} and runs {@code body}. */
  private void plugin(String name, String commands, String body) throws Exception {
    Path home = Files.createDirectories(plugins().resolve(name));
    Files.writeString(
        home.resolve("manifest.yaml"),
        "name: " + name + "\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\ncommands: "
            + commands + "\n");
    Path script = home.resolve("run.sh");
    Files.writeString(
        script, "#!/bin/sh\ncat > request.json\necho run >> runs\n" + body + "\n");
    script.toFile().setExecutable(true);
  }

  private static final String OK = "echo '{\"status\":\"ok\"}'";

  private Path writeConfig(String plugins) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "state: {path: ./data/state.db}\nplugins_dir: ./plugins\nplugins:\n" + plugins);
    return file;
  }

  private Gateway started(String plugins) throws Exception {
    GatewayConfig config = ConfigLoader.load(writeConfig(plugins), Map.of());
    Gateway gateway = Gateway.builder(config).build();
    gateway.start();
    return gateway;
  }

  private List<String> runs(String plugin) throws Exception {
    Path runs = plugins().resolve(plugin).resolve("runs");
    return Files.exists(runs) ? Files.readAllLines(runs) : List.of();
  }

  /**
   * A named pipe {@code gate} in the plugin's directory: a plugin that reads it ({@link #GATED})
   * runs until the test closes the stream {@link #whenRunning} returns, so a job is held running
   * for exactly as long as the test needs, without timing.
   */
  private Path gate(String plugin) throws Exception {
    Path fifo = plugins().resolve(plugin).resolve("gate");
    Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
    assertThat(mkfifo.waitFor()).isZero();
    return fifo;
  }

  private static final String GATED = "cat gate >/dev/null\n" + "echo '{\"status\":\"ok\"}'";

  /** Returns once the plugin opened its gate, i.e. while its job runs. */
  private static OutputStream whenRunning(Path gate) throws Exception {
    // Opening a FIFO for writing blocks until the reader (the plugin) opens it.
    return CompletableFuture.supplyAsync(
            () -> {
              try {
                return Files.newOutputStream(gate);
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            })
        .get(DEADLINE.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void anInvalidFileChangesNothingAndSaysWhy() throws Exception {
    plugin("echo", "[poll]", OK);
    try (Gateway gateway = started("  echo: {}\n")) {
      GatewayConfig before = gateway.config();

      writeConfig("  echo: {schedule: {every: 5x}}\n");
      ReloadResult syntax = gateway.reload();
      writeConfig("  echo: {}\n  missing: {}\n");
      ReloadResult unknownPlugin = gateway.reload();

      assertThat(syntax.applied()).isFalse();
      assertThat(syntax.summary()).isEqualTo("rejected: 1 problem(s)");
      assertThat(syntax.problems())
          .extracting(ConfigProblem::keyPath)
          .containsExactly("plugins.echo.schedule.every");
      assertThat(unknownPlugin.applied()).isFalse();
      assertThat(unknownPlugin.problems())
          .singleElement()
          .satisfies(
              p -> {
                assertThat(p.keyPath()).isEqualTo("plugins.missing");
                assertThat(p.message()).contains("no plugin named 'missing'");
              });
      assertThat(gateway.config()).isSameAs(before);
      assertThat(gateway.plugins().loaded()).containsOnlyKeys("echo");
      Job job =
          gateway.submit(NewJob.of("echo", "poll", "{}", SubmittedBy.API)).get(30, TimeUnit.SECONDS);
      assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
    }
  }

  @Test
  void aValidFileAppliesANewScheduleANewRouteAndANewPlugin() throws Exception {
    plugin(
        "source",
        "[poll]",
        "echo '{\"status\":\"ok\",\"events\":[{\"type\":\"ping\",\"payload\":{\"n\":1}}]}'");
    plugin("sink", "[handle]", OK);
    try (Gateway gateway = started("  source: {}\n")) {
      assertThat(gateway.plugins().loaded()).containsOnlyKeys("source");
      Path file =
          writeConfig(
              "  source: {schedule: {every: 1h}}\n  sink: {}\n"
                  + "routes:\n  - {from: source, event_type: ping, to: sink}\n");

      ReloadResult result = gateway.reload();

      assertThat(result.applied()).isTrue();
      assertThat(result.added()).containsExactly("sink");
      assertThat(result.changed()).containsExactly("source");
      assertThat(result.removed()).isEmpty();
      assertThat(result.routes()).isEqualTo(1);
      assertThat(result.schedules()).isEqualTo(1);
      assertThat(result.summary())
          .isEqualTo(
              "plugins added [sink], removed [], changed [source]; 1 route, 1 schedule;"
                  + " 0 queued job(s) dead-lettered");
      assertThat(gateway.config().routes()).hasSize(1);
      assertThat(gateway.config().file()).isEqualTo(file);
      // The reload ticks the scheduler, so the new schedule has fired by the time it returns;
      // the event of that run is routed along the new route to the new plugin.
      Job poll = gateway.jobs().list(new JobQuery(null, "source", 10)).get(0);
      assertThat(poll.submittedBy()).isEqualTo(SubmittedBy.SCHEDULER);
      assertThat(gateway.await(poll.id()).get(30, TimeUnit.SECONDS).status())
          .isEqualTo(JobStatus.SUCCEEDED);
      Job routed = gateway.jobs().children(poll.id()).get(0);
      assertThat(routed.plugin()).isEqualTo("sink");
      assertThat(routed.submittedBy()).isEqualTo(SubmittedBy.ROUTE);
      assertThat(gateway.await(routed.id()).get(30, TimeUnit.SECONDS).status())
          .isEqualTo(JobStatus.SUCCEEDED);
    }
  }

  @Test
  void aJobRunningDuringTheReloadFinishesUnderItsOldSnapshotAndRunsOnce() throws Exception {
    plugin("slow", "[poll]", GATED);
    Path gate = gate("slow");
    try (Gateway gateway = started("  slow: {config: {mode: old}}\n")) {
      String id = gateway.enqueue(NewJob.of("slow", "poll", "{}", SubmittedBy.API)).jobId();
      ReloadResult result;
      OutputStream held = whenRunning(gate);
      try {
        writeConfig(
            "  slow: {config: {mode: new}, timeouts: {poll: 20s}, retry: {max_attempts: 2}}\n");

        result = gateway.reload();

        assertThat(gateway.job(id).orElseThrow().status()).isEqualTo(JobStatus.RUNNING);
      } finally {
        held.close();
      }
      assertThat(result.changed()).containsExactly("slow");
      Job done = gateway.await(id).get(30, TimeUnit.SECONDS);
      assertThat(done.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(gateway.jobs().attempts(id))
          .extracting(JobLogEntry::status)
          .containsExactly(JobStatus.SUCCEEDED);
      assertThat(runs("slow")).hasSize(1);
      assertThat(Files.readString(plugins().resolve("slow/request.json")))
          .contains("\"mode\":\"old\"");
      // The next job runs under the new snapshot.
      Job next;
      String nextId = gateway.enqueue(NewJob.of("slow", "poll", "{}", SubmittedBy.API)).jobId();
      whenRunning(gate).close();
      next = gateway.await(nextId).get(30, TimeUnit.SECONDS);
      assertThat(next.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(Files.readString(plugins().resolve("slow/request.json")))
          .contains("\"mode\":\"new\"");
    }
  }

  @Test
  void aRemovedPluginsQueuedJobsAreDeadWithTheReasonWhileItsRunningJobFinishes()
      throws Exception {
    plugin("slow", "[poll]", GATED);
    Path gate = gate("slow");
    plugin("echo", "[poll]", OK);
    try (Gateway gateway = started("  slow: {}\n  echo: {}\n")) {
      String running = gateway.enqueue(NewJob.of("slow", "poll", "{}", SubmittedBy.API)).jobId();
      String queued1 = gateway.enqueue(NewJob.of("slow", "poll", "{}", SubmittedBy.API)).jobId();
      String queued2 = gateway.enqueue(NewJob.of("slow", "poll", "{}", SubmittedBy.API)).jobId();
      ReloadResult result;
      OutputStream held = whenRunning(gate);
      try {
        writeConfig("  echo: {}\n");

        result = gateway.reload();
      } finally {
        held.close();
      }

      String reason = "plugin slow was removed from the config by a reload";
      assertThat(result.removed()).containsExactly("slow");
      assertThat(result.deadLettered()).extracting(Job::id).containsExactly(queued1, queued2);
      for (String id : List.of(queued1, queued2)) {
        Job dead = gateway.job(id).orElseThrow();
        assertThat(dead.status()).isEqualTo(JobStatus.DEAD);
        assertThat(dead.lastError()).isEqualTo(reason);
        assertThat(gateway.jobs().attempts(id))
            .extracting(JobLogEntry::error)
            .containsExactly(reason);
      }
      Job finished = gateway.await(running).get(30, TimeUnit.SECONDS);
      assertThat(finished.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(runs("slow")).hasSize(1);
      assertThat(gateway.plugins().loaded()).containsOnlyKeys("echo");
    }
  }

  @Test
  void aDisabledPluginsQueuedJobsAreDeadWithTheReason() throws Exception {
    plugin("slow", "[poll]", GATED);
    Path gate = gate("slow");
    try (Gateway gateway = started("  slow: {}\n")) {
      String running = gateway.enqueue(NewJob.of("slow", "poll", "{}", SubmittedBy.API)).jobId();
      String queued = gateway.enqueue(NewJob.of("slow", "poll", "{}", SubmittedBy.API)).jobId();
      OutputStream held = whenRunning(gate);
      try {
        writeConfig("  slow: {enabled: false}\n");

        gateway.reload();
      } finally {
        held.close();
      }

      assertThat(gateway.job(queued).orElseThrow().lastError())
          .isEqualTo("plugin slow was disabled (enabled: false) by a reload");
      assertThat(gateway.await(running).get(30, TimeUnit.SECONDS).status())
          .isEqualTo(JobStatus.SUCCEEDED);
    }
  }

  @Test
  void aChangeToAStartOnlyKeyIsReportedAndTheRestApplies() throws Exception {
    plugin("echo", "[poll]", OK);
    try (Gateway gateway = started("  echo: {}\n")) {
      Path file = dir.resolve("config.yaml");
      Files.writeString(
          file,
          "service: {tick_interval: 5s}\nstate: {path: ./other/state.db}\n"
              + "plugins_dir: ./plugins\nplugins:\n  echo: {retry: {max_attempts: 9}}\n");

      ReloadResult result = gateway.reload();

      assertThat(result.applied()).isTrue();
      assertThat(result.restartRequired()).containsExactly("state.path", "service.tick_interval");
      assertThat(result.changed()).containsExactly("echo");
      assertThat(gateway.config().plugins().get("echo").retry().maxAttempts()).isEqualTo(9);
      Job job =
          gateway.submit(NewJob.of("echo", "poll", "{}", SubmittedBy.API)).get(30, TimeUnit.SECONDS);
      assertThat(job.maxAttempts()).isEqualTo(4); // an API job takes its own default
      assertThat(dir.resolve("other")).doesNotExist();
    }
  }

  @Test
  void aGatewayThatIsNotStartedCannotReload() throws Exception {
    plugin("echo", "[poll]", OK);
    GatewayConfig config = ConfigLoader.load(writeConfig("  echo: {}\n"), Map.of());
    try (Gateway gateway = Gateway.builder(config).build()) {
      assertThatThrownBy(gateway::reload)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("not started");
    }
  }
}
