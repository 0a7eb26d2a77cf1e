package dev.senechal.gw.protocol.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a signal to a whole process group through the system {@code kill} ({@code kill -s SIG --
 * -PGID}): the JDK can only signal single processes, and grandchildren re-parented to init are not
 * descendants the JDK can find, but they stay in the group. The kernel delivers a group signal to
 * every member at once, so a member forking at that moment cannot slip through.
 */
public final class GroupSignals {
  private static final Logger log = LoggerFactory.getLogger(GroupSignals.class);
  private static final List<Path> KILL = List.of(Path.of("/bin/kill"), Path.of("/usr/bin/kill"));

  private final Path kill;

  public GroupSignals() {
    this(Executables.require("kill", KILL, "install procps or util-linux"));
  }

  GroupSignals(Path kill) {
    this.kill = kill;
  }

  /**
   * Sends {@code signal} ({@code TERM}, {@code KILL}, ...) to every process in the group.
   *
   * @return whether the signal was delivered ({@code false} when the group no longer exists)
   */
  public boolean signal(long processGroupId, String signal) {
    if (processGroupId <= 1) {
      throw new IllegalArgumentException("refusing to signal process group " + processGroupId);
    }
    ProcessBuilder builder =
        new ProcessBuilder(kill.toString(), "-s", signal, "--", "-" + processGroupId)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      Process process = builder.start();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        log.warn("{} -s {} -- -{} did not finish in 5s", kill, signal, processGroupId);
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      log.error("cannot run {} to signal process group {}", kill, processGroupId, e);
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
