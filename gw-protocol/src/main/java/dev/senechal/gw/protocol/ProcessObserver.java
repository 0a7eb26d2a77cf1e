package dev.senechal.gw.protocol;

/** Told about a plugin process right after it was spawned, before the runner waits on it. */
@FunctionalInterface
public interface ProcessObserver {
  /** An observer that does nothing. */
  ProcessObserver NONE = identity -> {};

  /**
   * The plugin process exists (the dispatcher records its identity on the job). Called on the
   * thread that called {@link PluginProcessRunner#run}. If this throws, the runner kills the
   * process group at once and rethrows.
   */
  void started(ProcessIdentity identity);
}
