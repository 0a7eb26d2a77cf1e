package dev.senechal.gw.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.senechal.gw.engine.InstanceLockedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceLockTest {
  @TempDir Path dir;

  @Test
  void aSecondAcquireInTheSameProcessIsRefusedAndTheFirstLockSurvivesIt() throws Exception {
    long self = ProcessHandle.current().pid();
    try (InstanceLock first = InstanceLock.acquire(dir, self)) {
      assertThatThrownBy(() -> InstanceLock.acquire(dir, self))
          .isInstanceOf(InstanceLockedException.class)
          .hasMessageContaining("pid " + self);

      // The kernel still lists our POSIX lock on the file: the refused attempt did not drop it.
      long inode = ((Number) Files.getAttribute(first.file(), "unix:ino")).longValue();
      assertThat(InstanceLock.holderIn(Files.readAllLines(Path.of("/proc/locks")), inode))
          .hasValue(self);
      assertThat(InstanceLock.holder(dir)).hasValue(self);
      assertThat(Files.readString(first.file()).trim()).isEqualTo(Long.toString(self));
    }
    assertThat(InstanceLock.holder(dir)).isEmpty();
    try (InstanceLock again = InstanceLock.acquire(dir, self)) {
      assertThat(again.file()).exists();
    }
  }

  @Test
  void noLockFileMeansNothingRuns() {
    assertThat(InstanceLock.holder(dir.resolve("never-started"))).isEmpty();
  }

  @Test
  void readsTheHolderFromProcLocksLines() {
    List<String> lines =
        List.of(
            "1: FLOCK  ADVISORY  WRITE 77 00:2a:555 0 EOF",
            "2: POSIX  ADVISORY  WRITE 4242 08:01:555 0 EOF",
            "2: -> POSIX  ADVISORY  WRITE 4343 08:01:555 0 EOF",
            "3: POSIX  ADVISORY  READ 99 08:01:666 0 EOF",
            "garbage");

    assertThat(InstanceLock.holderIn(lines, 555)).hasValue(4242);
    assertThat(InstanceLock.holderIn(lines, 666)).hasValue(99);
    assertThat(InstanceLock.holderIn(lines, 777)).isEmpty();
  }
}
