package dev.senechal.gw.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recovery's view of plugin process groups, on real processes. */
class ProcessGroupsTest {
  private final ProcessGroups groups = new ProcessGroups();
  private final List<Process> started = new ArrayList<>();

  @TempDir Path temp;

  @AfterEach
  void killLeftovers() {
    for (Process process : started) {
      ProcessIdentity identity = identityOf(process);
      groups.killGroup(identity, Duration.ZERO);
    }
  }

  @Test
  void aPidWithAnotherStartTimeIsNotThePluginWeRecorded() {
    ProcessHandle self = ProcessHandle.current();
    Instant realStart = self.info().startInstant().orElseThrow();

    assertThat(
            groups.isAlive(new ProcessIdentity(self.pid(), self.pid(), realStart.minusSeconds(3))))
        .isFalse();
    assertThat(
            groups.isAlive(new ProcessIdentity(self.pid(), self.pid(), realStart.plusMillis(10))))
        .isFalse();
  }

  @Test
  void aLiveLeaderWithItsStartTimeIsAlive() throws IOException {
    Process hang = startInOwnGroup("hang");
    ProcessIdentity identity = identityOf(hang);

    assertThat(groups.isAlive(identity)).isTrue();
    assertThat(groups.members(identity.processGroupId())).contains(identity.pid());
    // The start time recorded at spawn is what a later lookup (say, after a crash) computes.
    assertThat(ProcessHandle.of(identity.pid()).orElseThrow().info().startInstant())
        .contains(identity.startedAt());
  }

  @Test
  void killGroupTakesDownALeftoverPluginWithItsReparentedGrandchildren() throws IOException {
    Process forkHang = startInOwnGroup("fork-hang");
    ProcessIdentity identity = identityOf(forkHang);
    List<Long> grandchildren = awaitGrandchildren(2);
    assertThat(groups.members(identity.processGroupId())).containsAll(grandchildren);

    assertThat(groups.killGroup(identity, Duration.ofMillis(300))).isTrue();

    assertThat(groups.members(identity.processGroupId())).isEmpty();
    assertThat(groups.isAlive(identity)).isFalse();
    assertThat(groups.killGroup(identity, Duration.ofMillis(300))).isFalse();
  }

  @Test
  void aGroupWhoseLeaderExitedIsAliveWhileAMemberRemains() throws IOException {
    Path dir = Files.createDirectories(temp.resolve("leaver"));
    Path run = dir.resolve("run.sh");
    Files.writeString(
        run,
        "#!/usr/bin/env bash\n( trap '' TERM; exec sleep 1000 ) &\necho \"grandchild $!\" >&2\n");
    run.toFile().setExecutable(true);
    Process leader = start(dir);
    ProcessIdentity identity = identityOf(leader);
    long member = awaitGrandchildren(1).get(0);
    await(() -> !leader.isAlive(), "the leader exits");

    assertThat(groups.isAlive(identity)).isTrue();
    assertThat(groups.members(identity.processGroupId())).containsExactly(member);

    assertThat(groups.killGroup(identity, Duration.ofMillis(200))).isTrue();
    assertThat(groups.members(identity.processGroupId())).isEmpty();
    assertThat(groups.isAlive(identity)).isFalse();
  }

  @Test
  void anUnknownGroupHasNoMembers() {
    assertThat(groups.members(Long.MAX_VALUE)).isEmpty();
  }

  private Process startInOwnGroup(String plugin) throws IOException {
    return start(TestPlugins.dir(plugin));
  }

  /** Like a daemon that crashed after spawning: started through setsid, never waited on. */
  private Process start(Path dir) throws IOException {
    Process process =
        new ProcessBuilder("setsid", dir.resolve("run.sh").toString())
            .directory(dir.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(temp.resolve("stderr").toFile())
            .start();
    started.add(process);
    await(
        () -> !process.isAlive() || groups.members(process.pid()).contains(process.pid()),
        "setsid makes the process a group leader");
    return process;
  }

  private static ProcessIdentity identityOf(Process process) {
    return new ProcessIdentity(
        process.pid(),
        process.pid(),
        process.toHandle().info().startInstant().orElse(Instant.EPOCH));
  }

  private List<Long> awaitGrandchildren(int count) {
    List<Long> pids = new ArrayList<>();
    await(
        () -> {
          pids.clear();
          try {
            Matcher m =
                Pattern.compile("grandchild (\\d+)\\n")
                    .matcher(Files.readString(temp.resolve("stderr")));
            while (m.find()) {
              pids.add(Long.parseLong(m.group(1)));
            }
          } catch (IOException e) {
            return false;
          }
          return pids.size() >= count;
        },
        count + " grandchildren are reported");
    return pids;
  }

  /** Polls {@code condition} for up to 5 s. */
  private static void await(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.onSpinWait();
    }
  }
}
