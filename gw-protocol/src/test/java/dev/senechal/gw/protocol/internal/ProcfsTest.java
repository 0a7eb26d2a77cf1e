package dev.senechal.gw.protocol.internal;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcfsTest {
  private static final String TRICKY =
      "4242 (a) b (c)) S 1 777 777 0 -1 4194560 135 0 0 0 0 0 0 0 20 0 1 0 4736 0 0";

  @TempDir Path proc;

  @Test
  void parsesAfterTheLastParenthesis() {
    ProcStat stat = ProcStat.parse(TRICKY);

    assertThat(stat).isEqualTo(new ProcStat(4242, "a) b (c)", 'S', 1, 777, 777));
    assertThat(stat.isLive()).isTrue();
    assertThat(ProcStat.parse("9 (sleep) Z 1 5 5 0").isLive()).isFalse();
    assertThatThrownBy(() -> ProcStat.parse("garbage"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsTheStartTicksAndTheBootTime() throws IOException {
    write("4242", TRICKY);
    Files.writeString(proc.resolve("stat"), "cpu  1 2 3\nintr 5\nbtime 1763900000\nprocesses 9\n");

    Procfs procfs = new Procfs(proc);

    assertThat(procfs.startTicks(4242)).hasValue(4736);
    assertThat(procfs.startTicks(4243)).isEmpty();
    assertThat(procfs.bootTimeSeconds()).hasValue(1763900000);
  }

  @Test
  void readsGroupMembersSkippingZombiesAndOtherGroups() throws IOException {
    write("4242", TRICKY);
    write("4243", "4243 (worker 1)) R 4242 777 777 0");
    write("4244", "4244 (dead) Z 1 777 777 0");
    write("4245", "4245 (other) S 1 778 778 0");
    write("17", "17 ((777)) S 1 1 1 0");
    Files.createDirectories(proc.resolve("self"));
    Files.createDirectories(proc.resolve("4246")); // vanished before its stat was read

    Procfs procfs = new Procfs(proc);

    assertThat(procfs.members(777)).containsExactly(4242L, 4243L);
    assertThat(procfs.members(1)).containsExactly(17L);
    assertThat(procfs.stat(4244)).map(ProcStat::state).contains('Z');
    assertThat(procfs.stat(4246)).isEmpty();
    assertThat(procfs.all()).hasSize(5);
  }

  @Test
  void aLowestPidSkipsOlderProcessesWithoutReadingThem() throws IOException {
    write("4242", TRICKY);
    write("4243", "4243 (worker) S 4242 777 777 0");
    write("100", "100 (older, same group id) S 1 777 777 0");
    Files.createDirectories(proc.resolve("sys/kernel"));
    Files.writeString(proc.resolve("sys/kernel/ns_last_pid"), "4250\n");

    Procfs procfs = new Procfs(proc);

    assertThat(procfs.members(777, 4242)).containsExactly(4242L, 4243L);
    assertThat(procfs.members(777)).containsExactly(100L, 4242L, 4243L);
    assertThat(procfs.lastAllocatedPid()).hasValue(4250);
  }

  @Test
  void aPidRangeReadsOnlyThosePidsWithoutListing() throws IOException {
    write("4242", TRICKY);
    write("4244", "4244 (worker) S 4242 777 777 0");
    write("4245", "4245 (dead) Z 4242 777 777 0");
    write("4250", "4250 (beyond the range) S 4242 777 777 0");
    write("100", "100 (older, same group id) S 1 777 777 0");

    Procfs procfs = new Procfs(proc);

    assertThat(procfs.members(777, 4242, 4249)).containsExactly(4242L, 4244L);
    assertThat(procfs.members(777, 4243, 4243)).isEmpty();
    assertThat(procfs.members(777, 4250, 4250)).containsExactly(4250L);
  }

  @Test
  void anUnreadableLastPidIsEmpty() throws IOException {
    assertThat(new Procfs(proc).lastAllocatedPid()).isEmpty();
    Files.createDirectories(proc.resolve("sys/kernel"));
    Files.writeString(proc.resolve("sys/kernel/ns_last_pid"), "garbage");
    assertThat(new Procfs(proc).lastAllocatedPid()).isEmpty();
  }

  @Test
  void matchesTheGroupFieldOnly() {
    byte[] line = TRICKY.getBytes(ISO_8859_1);

    assertThat(Procfs.isLiveMember(line, line.length, 777)).isTrue();
    assertThat(Procfs.isLiveMember(line, line.length, 1)).isFalse();
    assertThat(Procfs.isLiveMember(line, line.length, 77)).isFalse();
    byte[] truncated = "12 (x".getBytes(ISO_8859_1);
    assertThat(Procfs.isLiveMember(truncated, truncated.length, 12)).isFalse();
  }

  @Test
  void readsTheRealLastAllocatedPid() throws Exception {
    long before = new Procfs().lastAllocatedPid().orElseThrow();
    Process process = new ProcessBuilder("true").start();
    process.waitFor();
    long after = new Procfs().lastAllocatedPid().orElseThrow();

    assertThat(after >= process.pid() || after < before)
        .as("last pid %d after spawning pid %d (before: %d)", after, process.pid(), before)
        .isTrue();
  }

  @Test
  void readsTheRealProcFs() {
    long self = ProcessHandle.current().pid();
    ProcStat stat = new Procfs().stat(self).orElseThrow();

    assertThat(stat.pid()).isEqualTo(self);
    assertThat(new Procfs().members(stat.processGroupId())).contains(self);
  }

  private void write(String pid, String stat) throws IOException {
    Files.writeString(Files.createDirectories(proc.resolve(pid)).resolve("stat"), stat + "\n");
  }
}
