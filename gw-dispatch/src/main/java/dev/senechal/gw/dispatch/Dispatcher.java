package dev.senechal.gw.dispatch;

import java.time.Duration;

/**
 * The serial dispatch loop (SPEC §4): claims the oldest runnable job, runs it through the plugin
 * process runner and settles it atomically, one job at a time.
 */
public interface Dispatcher extends AutoCloseable {

  /** Starts the loop on its own thread. */
  void start();

  /**
   * Claims and runs at most one job on the calling thread, and returns once its settle is durable
   * and reported to the store's settle listeners; returns false when none was runnable. For tests
   * and tools that drain the queue without the loop.
   */
  boolean runOnce();

  /**
   * Stops claiming, lets the running job finish within {@code grace}, then kills its process group
   * and leaves the job {@code running} for crash recovery on the next start (SPEC §9).
   */
  void stop(Duration grace);

  /** {@link #stop} with no grace beyond the running job's own timeout. */
  @Override
  void close();
}
