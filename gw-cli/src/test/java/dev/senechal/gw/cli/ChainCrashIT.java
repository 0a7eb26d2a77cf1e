package dev.senechal.gw.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobQuery;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.QueueStore;
import dev.senechal.gw.queue.StoreConfig;
import dev.senechal.gw.queue.SubmittedBy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of the daemon in the middle of a fan-out chain, then a restart that drains it: every
 * settled parent has each of its children exactly once, and no unsettled job has any.
 */
class ChainCrashIT {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  private void plugin(String name, String commands, String body) throws Exception {
    Path plugin = Files.createDirectories(dir.resolve("plugins").resolve(name));
    Files.writeString(plugin.resolve("manifest.yaml"),
        "name: " + name + "\nversion: 1.0.0\nprotocol: 2\nentrypoint: run.sh\ncommands: ["
            + commands + "]\n");
    Files.writeString(plugin.resolve("run.sh"), "#!/usr/bin/env bash\ncat >/dev/null\n" + body);
    plugin.resolve("run.sh").toFile().setExecutable(true);
  }

  private QueueStore store() {
    return QueueStore.openSqlite(StoreConfig.defaults(dir.resolve("data/state.db")),
        Clock.systemUTC());
  }

  private static List<Job> all(QueueStore store) {
    return store.list(JobQuery.all(10_000));
  }

  @Test
  void everyChildExistsOncePerSettledParentAfterACrashAndNoneForAnUnsettledOne() throws Exception {
    // fan emits 4 items; each relay sleeps, then emits one done; sink just answers.
    plugin("fan", "poll",
        "echo '{\"status\":\"ok\",\"events\":["
            + "{\"type\":\"item\",\"event_id\":\"i1\",\"payload\":{\"n\":1}},"
            + "{\"type\":\"item\",\"event_id\":\"i2\",\"payload\":{\"n\":2}},"
            + "{\"type\":\"item\",\"event_id\":\"i3\",\"payload\":{\"n\":3}},"
            + "{\"type\":\"item\",\"event_id\":\"i4\",\"payload\":{\"n\":4}}]}'\n");
    plugin("relay", "handle",
        "sleep 0.4\necho '{\"status\":\"ok\",\"events\":[{\"type\":\"done\",\"payload\":{}}]}'\n");
    plugin("sink", "handle", "echo '{\"status\":\"ok\"}'\n");
    Path config = dir.resolve("config.yaml");
    Files.writeString(config,
        "service: {tick_interval: 200ms, shutdown_grace: 5s}\n"
            + "state: {path: ./data/state.db}\n"
            + "plugins_dir: ./plugins\n"
            + "plugins:\n  fan: {}\n  relay: {}\n  sink: {}\n"
            + "routes:\n"
            + "  - {from: fan, event_type: item, to: relay}\n"
            + "  - {from: relay, event_type: done, to: sink}\n");
    try (QueueStore store = store()) {
      store.enqueue(NewJob.of("fan", "poll", "{}", SubmittedBy.CLI));
      store.enqueue(NewJob.of("fan", "poll", "{}", SubmittedBy.CLI));
    }

    try (DaemonProcess daemon = DaemonProcess.start("start", "--config", config.toString())) {
      daemon.awaitMessage("ready", WAIT);
      // Kill once the chain is well under way: some relays done, others not yet.
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        try (QueueStore store = store()) {
          long relaysDone = all(store).stream()
              .filter(j -> j.plugin().equals("relay") && j.status() == JobStatus.SUCCEEDED)
              .count();
          if (relaysDone >= 3) {
            break;
          }
        }
        LockSupport.parkNanos(20_000_000L);
      }
      daemon.signal("KILL");
      daemon.awaitExit(WAIT);
    }
    try (QueueStore store = store()) {
      List<Job> atCrash = all(store);
      assertThat(atCrash).as("the crash came mid-chain")
          .anyMatch(j -> j.status() != JobStatus.SUCCEEDED);
      for (Job job : atCrash) {
        if (job.status() != JobStatus.SUCCEEDED) {
          assertThat(store.children(job.id()))
              .as("children of %s %s, which had not settled", job.plugin(), job.status())
              .isEmpty();
        }
      }
    }

    try (DaemonProcess again = DaemonProcess.start("start", "--config", config.toString())) {
      again.awaitMessage("ready", WAIT);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        try (QueueStore store = store()) {
          if (store.depth() == 0) {
            break;
          }
        }
        LockSupport.parkNanos(50_000_000L);
      }
      again.signal("TERM");
      assertThat(again.awaitExit(WAIT)).isZero();
    }

    try (QueueStore store = store()) {
      List<Job> jobs = all(store);
      assertThat(jobs).allMatch(j -> j.status() == JobStatus.SUCCEEDED, "all succeeded");
      assertThat(jobs).filteredOn(j -> j.plugin().equals("fan")).hasSize(2);
      assertThat(jobs).filteredOn(j -> j.plugin().equals("relay")).hasSize(8);
      assertThat(jobs).filteredOn(j -> j.plugin().equals("sink")).hasSize(8);
      for (Job job : jobs) {
        List<Job> children = store.children(job.id());
        int expected = switch (job.plugin()) {
          case "fan" -> 4;
          case "relay" -> 1;
          default -> 0;
        };
        assertThat(children).as("children of %s %s", job.plugin(), job.id()).hasSize(expected);
        Set<String> events = new HashSet<>();
        for (Job child : children) {
          assertThat(events.add(child.sourceEventId() + "->" + child.plugin()))
              .as("child for event %s exists once", child.sourceEventId())
              .isTrue();
        }
      }
    }
  }
}
