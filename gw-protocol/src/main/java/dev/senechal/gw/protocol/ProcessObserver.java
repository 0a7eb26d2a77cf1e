package dev.senechal.gw.protocol;

/**
 * Told about a plugin process once it is spawned (or taken from those started ahead, see {@link
 * PluginProcessRunner#prepare}), before its request is written to its stdin and before the runner
 * waits on it.
 */
@FunctionalInterface
public interface ProcessObserver {
  /** An observer that does nothing. */
  ProcessObserver NONE = identity -> {};

  /**
   * The plugin process exists (the dispatcher records its identity on the job) but has not been
   * given its request, so it cannot act on one yet; the request is written when this returns, and
   * the run's timeout counts from then. Called on the thread that called {@link
   * PluginProcessRunner#run}. If this throws, the runner kills the process group at once and
   * rethrows.
   */
  void started(ProcessIdentity identity);
}
