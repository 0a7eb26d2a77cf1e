package dev.senechal.gw.queue;

import dev.senechal.gw.queue.internal.SqliteStore;
import java.time.Clock;

/**
 * The whole store as one service: the work queue, the plugin state, the schedule timings, the circuit
 * breakers and the plugins' init outcomes, with its lifecycle. {@link QueueModule} binds it and its views to one instance; the engine
 * closes it last when it stops (SPEC §9), after the dispatcher has stopped claiming.
 */
public interface QueueStore
    extends JobQueue, StateStore, ScheduleStore, BreakerStore, PluginInitStore, AutoCloseable {

  /** Closes the store; later calls fail with a {@link QueueException}. Idempotent. */
  @Override
  void close();

  /**
   * Opens (creating and migrating when needed) the SQLite store at {@code config.path()}, for
   * tools and tests that use the store without the engine's injector (the CLI's read commands).
   */
  static QueueStore openSqlite(StoreConfig config, Clock clock) {
    return SqliteStore.open(config, clock);
  }
}
