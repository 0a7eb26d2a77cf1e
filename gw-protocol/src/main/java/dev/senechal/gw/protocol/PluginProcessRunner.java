package dev.senechal.gw.protocol;

import dev.senechal.gw.protocol.internal.PosixProcessRunner;
import java.time.Clock;

/**
 * Runs one plugin process to completion (SPEC §6): spawn it in a process group of its own, write
 * stdin and close it, read stdout and stderr concurrently to EOF within their caps, enforce the
 * deadline (SIGTERM to the group, SIGKILL after the grace), and leave nothing of the group running.
 * See {@link PosixProcessRunner} for the exact rules.
 */
public interface PluginProcessRunner extends AutoCloseable {

  /**
   * Runs {@code spec} and blocks until the process group is gone and its output collected.
   *
   * @param observer told the process identity right after the spawn
   * @throws PluginSpawnException when the process cannot be started
   * @throws PluginRunInterruptedException when the calling thread is interrupted (the group is
   *     killed first)
   */
  ProcessResult run(ProcessSpec spec, ProcessObserver observer);

  /**
   * Starts the process of {@code spec} ahead of its run, without writing its stdin, so that the
   * next {@link #run} of the same launch (command, working directory, environment) takes it
   * instead of spawning one; a run of another launch, or {@link #close()}, kills it unused. The
   * process runs (its interpreter starts) but gets no request until that run. Returns at once;
   * the default does nothing.
   */
  default void prepare(ProcessSpec spec) {}

  /** Runs {@code spec} without an observer. */
  default ProcessResult run(ProcessSpec spec) {
    return run(spec, ProcessObserver.NONE);
  }

  /** Releases the runner's threads; the default does nothing. */
  @Override
  default void close() {}

  /** The runner the daemon uses: {@code setsid} process groups on Linux, its own I/O threads. */
  static PluginProcessRunner posix(Clock clock) {
    return new PosixProcessRunner(clock);
  }
}
