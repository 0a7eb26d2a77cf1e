package dev.senechal.gw.protocol.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartTimesTest {
  @TempDir Path fakeProc;

  /** Crash recovery compares recorded start times with the JDK's: they must be equal. */
  @Test
  void aProcessStartTimeFromProcIsTheOneTheJdkReports() throws Exception {
    StartTimes times = StartTimes.calibrate(new Procfs());
    Process sleeper = new ProcessBuilder("sleep", "30").start();
    try {
      assertThat(times.readsProcDirectly()).as("calibrated against this JVM").isTrue();
      assertThat(times.of(sleeper.pid())).isEqualTo(sleeper.toHandle().info().startInstant());
    } finally {
      sleeper.destroyForcibly();
      sleeper.waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(times.of(sleeper.pid())).isEmpty();
  }

  @Test
  void withAProcTreeThatDisagreesTheJdkIsAskedInstead() throws IOException {
    long self = ProcessHandle.current().pid();
    Files.createDirectories(fakeProc.resolve(Long.toString(self)));
    Files.writeString(fakeProc.resolve(self + "/stat"),
        self + " (java) S 1 1 1 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 7 0 0\n");
    Files.writeString(fakeProc.resolve("stat"), "cpu 1 2 3\nbtime 1000\n");

    StartTimes times = StartTimes.calibrate(new Procfs(fakeProc));

    assertThat(times.readsProcDirectly()).isFalse();
    assertThat(times.of(self)).isEqualTo(ProcessHandle.current().info().startInstant());
  }
}
