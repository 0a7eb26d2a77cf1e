package dev.senechal.gw.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.senechal.gw.engine.config.ConfigLoader;
import dev.senechal.gw.engine.config.GatewayConfig;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.SubmittedBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin's {@code init} (SPEC §6) with real plugin processes: it runs once when the plugin is
 * first discovered or its config changes, at start or by a reload; it is never retried; a failure
 * marks the plugin unhealthy, and the plugin still runs its jobs.
 */
class PluginInitTest {
  private static final String OK = "echo '{\"status\":\"ok\"}'";
  private static final String INIT_SETS_STATE =
      "echo '{\"status\":\"ok\",\"state_updates\":{\"token\":\"from-init\"}}'";

  @TempDir Path dir;

  private Path plugins() {
    return dir.resolve("plugins");
  }

  /**
   * A plugin declaring {@code commands}; each init appends a line to {@code inits} and runs {@code
   * initBody}, every other command answers ok.
   */
  private void plugin(String name, String commands, String initBody) throws Exception {
    Path home = Files.createDirectories(plugins().resolve(name));
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
            + "  *'\"command\":\"init\"'*)\n"
            + "    echo \"$request\" >> inits\n"
            + "    " + initBody + "\n"
            + "    ;;\n"
            + "  *) " + OK + " ;;\n"
            + "esac\n");
    script.toFile().setExecutable(true);
  }

  private List<String> inits(String plugin) throws Exception {
    Path inits = plugins().resolve(plugin).resolve("inits");
    return Files.exists(inits) ? Files.readAllLines(inits) : List.of();
  }

  private Path writeConfig(String plugins) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file, "state: {path: ./data/state.db}\nplugins_dir: ./plugins\nplugins:\n" + plugins);
    return file;
  }

  private Gateway started(String plugins) throws Exception {
    GatewayConfig config = ConfigLoader.load(writeConfig(plugins), Map.of());
    Gateway gateway = Gateway.builder(config).killGrace(Duration.ofMillis(200)).build();
    gateway.start();
    return gateway;
  }

  private static PluginHealth health(Gateway gateway, String plugin) {
    return gateway.pluginHealth().stream()
        .filter(h -> h.plugin().equals(plugin))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void initRunsOnFirstStartNotOnARestartWithTheSameConfigAndAgainAfterAnEdit() throws Exception {
    plugin("oauth", "[poll, init]", INIT_SETS_STATE);
    try (Gateway gateway = started("  oauth: {config: {client_id: a}}\n")) {
      assertThat(inits("oauth")).hasSize(1);
      assertThat(inits("oauth").get(0)).contains("\"client_id\":\"a\"");
      assertThat(health(gateway, "oauth").init()).isEqualTo(InitStatus.OK);
      assertThat(health(gateway, "oauth").at()).isNotNull();
      assertThat(gateway.states().get("oauth")).isEqualTo("{\"token\":\"from-init\"}");
    }
    try (Gateway gateway = started("  oauth: {config: {client_id: a}}\n")) {
      assertThat(inits("oauth")).hasSize(1);
      assertThat(health(gateway, "oauth").init()).isEqualTo(InitStatus.OK);
    }
    try (Gateway gateway = started("  oauth: {config: {client_id: b}}\n")) {
      assertThat(inits("oauth")).hasSize(2);
      assertThat(inits("oauth").get(1)).contains("\"client_id\":\"b\"");
      assertThat(health(gateway, "oauth").healthy()).isTrue();
    }
  }

  @Test
  void aReloadRunsInitOfAnAddedPluginAndOfOneWhoseConfigChangedOnly() throws Exception {
    plugin("oauth", "[poll, init]", OK);
    plugin("other", "[poll, init]", OK);
    try (Gateway gateway = started("  oauth: {config: {client_id: a}}\n")) {
      assertThat(inits("oauth")).hasSize(1);
      assertThat(inits("other")).isEmpty();

      writeConfig("  oauth: {config: {client_id: a}}\n  other: {}\n");
      gateway.reload();
      assertThat(inits("oauth")).hasSize(1);
      assertThat(inits("other")).hasSize(1);

      writeConfig("  oauth: {config: {client_id: b}}\n  other: {}\n");
      ReloadResult changed = gateway.reload();
      assertThat(changed.changed()).containsExactly("oauth");
      assertThat(inits("oauth")).hasSize(2);
      assertThat(inits("oauth").get(1)).contains("\"client_id\":\"b\"");
      assertThat(inits("other")).hasSize(1);
      assertThat(gateway.pluginHealth())
          .allSatisfy(h -> assertThat(h.init()).isEqualTo(InitStatus.OK));
    }
  }

  @Test
  void aFailedInitIsNotRetriedMarksThePluginUnhealthyAndItsJobsStillRun() throws Exception {
    plugin("flaky", "[poll, init]", "echo 'token endpoint down' >&2; exit 3");
    try (Gateway gateway = started("  flaky: {}\n")) {
      assertThat(inits("flaky")).hasSize(1);
      PluginHealth health = health(gateway, "flaky");
      assertThat(health.healthy()).isFalse();
      assertThat(health.init()).isEqualTo(InitStatus.FAILED);
      assertThat(health.error()).isEqualTo("exit 3");
      assertThat(health.at()).isNotNull();

      Job job =
          gateway.submit(NewJob.of("flaky", "poll", "{}", SubmittedBy.API))
              .get(30, TimeUnit.SECONDS);
      assertThat(job.status()).isEqualTo(JobStatus.SUCCEEDED);
      assertThat(inits("flaky")).hasSize(1);
    }
    try (Gateway gateway = started("  flaky: {}\n")) {
      assertThat(inits("flaky")).as("not retried on restart").hasSize(1);
      assertThat(health(gateway, "flaky").init()).isEqualTo(InitStatus.FAILED);
      assertThat(health(gateway, "flaky").error()).isEqualTo("exit 3");
    }
  }

  @Test
  void anInitThatTimesOutOrAnswersAnErrorIsAFailureWithTheReason() throws Exception {
    plugin("slow", "[poll, init]", "sleep 30");
    plugin("refusing", "[poll, init]",
        "echo '{\"status\":\"error\",\"error\":\"client_id rejected\"}'");
    try (Gateway gateway =
        started("  slow: {timeouts: {init: 1s}}\n  refusing: {}\n")) {
      assertThat(health(gateway, "slow").init()).isEqualTo(InitStatus.FAILED);
      assertThat(health(gateway, "slow").error()).startsWith("timed out after 1s");
      assertThat(health(gateway, "refusing").init()).isEqualTo(InitStatus.FAILED);
      assertThat(health(gateway, "refusing").error()).contains("client_id rejected");
      assertThat(inits("slow")).hasSize(1);
      assertThat(inits("refusing")).hasSize(1);
    }
  }

  @Test
  void aPluginWithoutInitIsHealthyAndInitIsPendingUntilTheEngineStarts() throws Exception {
    plugin("plain", "[poll]", OK);
    plugin("oauth", "[poll, init]", OK);
    GatewayConfig config = ConfigLoader.load(writeConfig("  plain: {}\n  oauth: {}\n"), Map.of());
    try (Gateway gateway = Gateway.builder(config).build()) {
      assertThat(gateway.pluginHealth())
          .extracting(PluginHealth::plugin, PluginHealth::init)
          .containsExactlyInAnyOrder(
              tuple("plain", InitStatus.NOT_DECLARED), tuple("oauth", InitStatus.PENDING));
      gateway.start();
      assertThat(health(gateway, "plain").init()).isEqualTo(InitStatus.NOT_DECLARED);
      assertThat(health(gateway, "plain").healthy()).isTrue();
      assertThat(health(gateway, "oauth").init()).isEqualTo(InitStatus.OK);
      assertThat(inits("plain")).isEmpty();
    }
  }
}
