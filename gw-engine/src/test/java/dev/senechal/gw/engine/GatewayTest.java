package dev.senechal.gw.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.engine.config.ConfigException;
import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.SubmittedBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine embedded the way the embedding guide shows, against the repo's echo plugin. */
class GatewayTest {
  private static final Path REPO_PLUGINS = Path.of("..", "plugins").toAbsolutePath().normalize();

  @TempDir Path dir;

  private GatewayConfig config(Path pluginsDir, String plugins) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "state: {path: ./data/state.db}\n"
            + "plugins_dir: " + pluginsDir + "\n"
            + "plugins:\n" + plugins);
    return ConfigLoader.load(file, Map.of());
  }

  @Test
  void anEmbedderStartsTheEngineSubmitsAJobAndAwaitsItsOutcome() throws Exception {
    GatewayConfig config = config(REPO_PLUGINS, "  echo: {}\n");
    try (Gateway gateway = Gateway.builder(config).build()) {
      gateway.start();
      Job job =
          gateway.submit(NewJob.of("echo", "poll", "{}", SubmittedBy.API)).get(30, TimeUnit.SECONDS);
      assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(gateway.states().get("echo")).contains("last_run");
      assertThat(gateway.jobs().attempts(job.id()).get(0).result()).startsWith("echoed at");
      assertThat(gateway.plugins().loaded()).containsKey("echo");
    }
    assertThat(dir.resolve("data/state.db")).exists();
    assertThat(dir.resolve("data/senechal-gw.lock")).exists();
  }

  @Test
  void aCallbackOnAFinishedJobMayWaitForAnotherJobOfTheSameEngine() throws Exception {
    GatewayConfig config = config(REPO_PLUGINS, "  echo: {}\n");
    try (Gateway gateway = Gateway.builder(config).build()) {
      gateway.start();
      Job second =
          gateway
              .submit(NewJob.of("echo", "poll", "{}", SubmittedBy.API))
              .thenApply(
                  first -> {
                    try {
                      // Bounded, so a deadlock fails the test instead of hanging it.
                      return gateway
                          .submit(NewJob.of("echo", "poll", "{}", SubmittedBy.API))
                          .get(20, TimeUnit.SECONDS);
                    } catch (Exception e) {
                      throw new java.util.concurrent.CompletionException(e);
                    }
                  })
              .get(30, TimeUnit.SECONDS);
      assertThat(second.status()).isEqualTo(JobStatus.SUCCEEDED);
    }
  }

  @Test
  void aSecondEngineOnTheSameStoreIsRefusedWhileTheFirstRuns() throws Exception {
    GatewayConfig config = config(REPO_PLUGINS, "  echo: {}\n");
    try (Gateway first = Gateway.builder(config).build()) {
      first.start();
      Gateway second = Gateway.builder(config).build();
      assertThatThrownBy(second::start)
          .isInstanceOf(InstanceLockedException.class)
          .hasMessageContaining("pid " + ProcessHandle.current().pid());
    }
    try (Gateway again = Gateway.builder(config).build()) {
      again.start();
    }
  }

  @Test
  void buildRejectsAConfigNamingAPluginThatIsNotOnDiskOrAScheduleWithoutPoll() throws Exception {
    Path plugins = Files.createDirectories(dir.resolve("plugins/handler"));
    Files.writeString(
        plugins.resolve("manifest.yaml"),
        "name: handler\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\ncommands: [handle]\n");
    Files.writeString(plugins.resolve("run.sh"), "#!/bin/sh\necho '{\"status\":\"ok\"}'\n");
    plugins.resolve("run.sh").toFile().setExecutable(true);
    GatewayConfig config =
        config(dir.resolve("plugins"),
            "  handler: {schedule: {every: 5m}}\n  missing: {}\n");
    assertThatThrownBy(() -> Gateway.builder(config).build())
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e -> {
              ConfigException ce = (ConfigException) e;
              assertThat(ce.problems()).hasSize(2);
              assertThat(ce.getMessage())
                  .contains("plugins.handler.schedule")
                  .contains("does not declare the 'poll' command")
                  .contains("plugins.missing")
                  .contains("no plugin named 'missing'");
            });
    assertThat(dir.resolve("data")).doesNotExist();
  }

  @Test
  void aRefusedPluginDoesNotStopTheOthersFromRunning() throws Exception {
    Path plugins = dir.resolve("plugins");
    Path bad = Files.createDirectories(plugins.resolve("bad"));
    Files.writeString(
        bad.resolve("manifest.yaml"),
        "name: bad\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\ncommands: [poll]\n");
    Files.writeString(bad.resolve("run.sh"), "#!/bin/sh\necho '{\"status\":\"ok\"}'\n");
    Path good = Files.createDirectories(plugins.resolve("good"));
    Files.writeString(
        good.resolve("manifest.yaml"),
        "name: good\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\ncommands: [poll]\n");
    Files.writeString(good.resolve("run.sh"), "#!/bin/sh\ncat >/dev/null\necho '{\"status\":\"ok\"}'\n");
    good.resolve("run.sh").toFile().setExecutable(true);
    GatewayConfig config = config(plugins, "  bad: {}\n  good: {}\n");
    try (Gateway gateway = Gateway.builder(config).build()) {
      gateway.start();
      assertThat(gateway.plugins().refusal("bad").orElseThrow().reason())
          .contains("not executable");
      Job ok =
          gateway.submit(NewJob.of("good", "poll", "{}", SubmittedBy.API)).get(30, TimeUnit.SECONDS);
      assertThat(ok.status()).isEqualTo(JobStatus.SUCCEEDED);
      Job refused =
          gateway.submit(NewJob.of("bad", "poll", "{}", SubmittedBy.API)).get(30, TimeUnit.SECONDS);
      assertThat(refused.status()).isEqualTo(JobStatus.DEAD);
      assertThat(refused.lastError()).contains("bad was refused").contains("not executable");
    }
  }
}
