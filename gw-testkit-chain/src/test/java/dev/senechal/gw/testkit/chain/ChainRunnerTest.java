package dev.senechal.gw.testkit.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.queue.JobStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The chain runner over real bash plugins, driven by a config file as a plugin author writes it. */
class ChainRunnerTest {
  @TempDir Path dir;

  /** Answers protocol 99 with exit 78 like every plugin must; then runs {@code body}. */
  private void plugin(String name, String body) throws Exception {
    Path home = Files.createDirectories(dir.resolve("plugins").resolve(name));
    Files.writeString(
        home.resolve("manifest.yaml"),
        "name: " + name + "\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\n"
            + "commands: [poll, handle]\n");
    Files.writeString(
        home.resolve("run.sh"),
        "#!/usr/bin/env bash\n"
            + "req=$(cat)\n"
            + "case \"$req\" in *'\"protocol\":99'*) exit 78;; esac\n"
            + "field() { printf '%s' \"$req\" | grep -o \"\\\"$1\\\":[^,}]*\" | head -1"
            + " | cut -d: -f2- | tr -d '\"'; }\n"
            + body);
    home.resolve("run.sh").toFile().setExecutable(true);
  }

  private Path config(String pluginsAndRoutes) throws Exception {
    Path file = dir.resolve("config.yaml");
    Files.writeString(
        file,
        "state: {path: ./data/state.db}\n"
            + "plugins_dir: ./plugins\n"
            + pluginsAndRoutes);
    return file;
  }

  /** root emits two items; middle turns each into one enriched; last stores it. */
  private Path fanOut() throws Exception {
    plugin("root",
        "echo '{\"status\":\"ok\",\"events\":["
            + "{\"type\":\"item\",\"payload\":{\"n\":1},\"context\":{\"batch\":\"b-7\"}},"
            + "{\"type\":\"item\",\"payload\":{\"n\":2},\"context\":{\"batch\":\"b-7\"}}],"
            + "\"state_updates\":{\"polled\":true}}'\n");
    plugin("middle",
        "n=$(field n)\n"
            + "echo \"{\\\"status\\\":\\\"ok\\\",\\\"events\\\":[{\\\"type\\\":\\\"enriched\\\","
            + "\\\"payload\\\":{\\\"n\\\":$n,\\\"doubled\\\":$((n*2))},"
            + "\\\"context\\\":{\\\"stage\\\":\\\"middle-$n\\\"}}],"
            + "\\\"state_updates\\\":{\\\"last_n\\\":$n}}\"\n");
    plugin("last",
        "n=$(field n)\n"
            + "if [ -n \"$FAIL_ON\" ] && [ \"$n\" = \"$FAIL_ON\" ]; then\n"
            + "  echo \"disk full while storing item $n\" >&2\n"
            + "  echo \"{\\\"status\\\":\\\"error\\\",\\\"error\\\":\\\"cannot store item $n\\\","
            + "\\\"retry\\\":false}\"\n"
            + "  exit 0\n"
            + "fi\n"
            + "echo \"{\\\"status\\\":\\\"ok\\\",\\\"result\\\":\\\"stored $n\\\","
            + "\\\"state_updates\\\":{\\\"item_$n\\\":$(field doubled)}}\"\n");
    return config(
        "plugins:\n"
            + "  root: {}\n"
            + "  middle: {}\n"
            + "  last: {env: {FAIL_ON: \"${FAIL_ON:-}\"}}\n"
            + "routes:\n"
            + "  - {from: root, event_type: item, to: middle}\n"
            + "  - {from: middle, event_type: enriched, to: last}\n");
  }

  @Test
  void aFanOutChainRunsToItsLeavesWithContextCarriedDownEveryBranch() throws Exception {
    try (ChainRunner chain = ChainRunner.of(fanOut(), Map.of("PATH", System.getenv("PATH")))) {
      ChainTree tree =
          chain.run("root", "poll", "{}", "{\"origin_source\":\"discord\",\"user\":\"u-1\"}")
              .assertAllSucceeded();

      assertThat(tree.root().plugin()).isEqualTo("root");
      assertThat(tree.root().children()).extracting(ChainNode::plugin)
          .containsExactly("middle", "middle");
      assertThat(tree.root().children())
          .allSatisfy(m -> assertThat(m.children()).extracting(ChainNode::plugin)
              .containsExactly("last"));
      assertThat(tree.countByPlugin()).containsExactly(
          Map.entry("root", 1), Map.entry("middle", 2), Map.entry("last", 2));
      assertThat(tree.leaves()).extracting(ChainNode::plugin).containsOnly("last");
      assertThat(tree.leaves()).extracting(n -> n.result().orElseThrow())
          .containsExactlyInAnyOrder("stored 1", "stored 2");

      assertThat(tree.find("middle")).extracting(n -> n.eventType().orElseThrow())
          .containsOnly("item");
      assertThat(tree.find("middle")).extracting(n -> n.event().orElseThrow().source())
          .containsOnly("root");
      for (ChainNode leaf : tree.leaves()) {
        String n = leaf.eventPayload().orElseThrow().replaceAll(".*\"n\":(\\d+).*", "$1");
        leaf.assertContext(
            "{\"origin_source\":\"discord\",\"user\":\"u-1\",\"batch\":\"b-7\","
                + "\"stage\":\"middle-" + n + "\"}");
      }
      assertThat(tree.find("middle")).allSatisfy(m -> {
        assertThat(m.context("batch")).hasValue("b-7");
        assertThat(m.context("stage")).isEmpty();
      });

      assertThat(tree.state("root")).contains("\"polled\":true");
      assertThat(tree.state("middle")).containsPattern("\"last_n\":[12]");
      assertThat(tree.state("last")).contains("\"item_1\":2").contains("\"item_2\":4");
    }
  }

  @Test
  void theRunnerSeedsOriginSourceAndDeletesItsStoreOnClose() throws Exception {
    Path store;
    try (ChainRunner chain = ChainRunner.of(fanOut(), Map.of("PATH", System.getenv("PATH")))) {
      ChainTree tree = chain.run("root", "poll", "{}");
      assertThat(tree.all()).allSatisfy(n -> assertThat(n.context("origin_source"))
          .hasValue(ChainRunner.ORIGIN_SOURCE));
      store = chain.directory();
      assertThat(store.resolve("state.db")).exists();
      assertThat(chain.config().state().path()).startsWith(store);
      assertThat(dir.resolve("data")).doesNotExist();
    }
    assertThat(store).doesNotExist();
  }

  @Test
  void aFailingLeafIsListedWithItsErrorAndStderr() throws Exception {
    try (ChainRunner chain =
        ChainRunner.of(fanOut(), Map.of("PATH", System.getenv("PATH"), "FAIL_ON", "2"))) {
      ChainTree tree = chain.run("root", "poll", "{}");

      assertThat(tree.failures()).singleElement().satisfies(failed -> {
        assertThat(failed.plugin()).isEqualTo("last");
        assertThat(failed.status()).isIn(JobStatus.FAILED, JobStatus.DEAD);
        assertThat(failed.job().lastError()).contains("cannot store item 2");
      });
      assertThatThrownBy(tree::assertAllSucceeded)
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("1 of 5 jobs did not succeed")
          .hasMessageContaining("last handle (job " + tree.failures().get(0).job().id())
          .hasMessageContaining("cannot store item 2")
          .hasMessageContaining("stderr: disk full while storing item 2");
    }
  }

  @Test
  void aRetriedFailureRetriesAtOnceAndKeepsEveryAttempt() throws Exception {
    plugin("flaky", "echo 'upstream 503' >&2\nexit 75\n");
    Path file = config("plugins:\n  flaky: {retry: {max_attempts: 3, backoff_base: 30s}}\n");
    try (ChainRunner chain = ChainRunner.of(file, Map.of("PATH", System.getenv("PATH")))
        .timeout(Duration.ofSeconds(20))) {
      ChainNode flaky = chain.run("flaky", "poll", "{}").root();
      assertThat(flaky.succeeded()).isFalse();
      assertThat(flaky.attempts()).hasSize(3);
      assertThat(flaky.stderr()).contains("upstream 503");
    }
    try (ChainRunner once = ChainRunner.of(file, Map.of("PATH", System.getenv("PATH")))
        .retries(false)) {
      assertThat(once.run("flaky", "poll", "{}").root().attempts()).hasSize(1);
    }
  }

  @Test
  void aChainThatDoesNotSettleNamesTheStuckJob() throws Exception {
    plugin("starter",
        "echo '{\"status\":\"ok\",\"events\":[{\"type\":\"work\",\"payload\":{}}]}'\n");
    plugin("slow", "sleep 30\necho '{\"status\":\"ok\"}'\n");
    Path file = config(
        "plugins:\n  starter: {}\n  slow: {}\n"
            + "routes:\n  - {from: starter, event_type: work, to: slow}\n");
    try (ChainRunner chain = ChainRunner.of(file, Map.of("PATH", System.getenv("PATH")))
        .timeout(Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> chain.run("starter", "poll", "{}"))
          .isInstanceOf(ChainTimeoutException.class)
          .hasMessageContaining("did not settle within 2000 ms")
          .hasMessageContaining("still unsettled:\n  [work] slow handle (job ")
          .hasMessageContaining("running, attempt 1 of 4")
          .satisfies(e -> assertThat(((ChainTimeoutException) e).tree().only("starter")
              .succeeded()).isTrue());
    }
  }

  @Test
  void anUnknownPluginOrANonObjectPayloadIsRefusedWithWhatIsThere() throws Exception {
    try (ChainRunner chain = ChainRunner.of(fanOut(), Map.of("PATH", System.getenv("PATH")))) {
      assertThatThrownBy(() -> chain.run("nope", "poll", "{}"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("no plugin nope in the config (plugins: [root, middle, last])");
      assertThatThrownBy(() -> chain.run("root", "poll", "[1]"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("payload must be a JSON object");
      assertThat(List.of(chain.directory())).isNotEmpty();
    }
  }
}
