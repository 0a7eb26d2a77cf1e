package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.senechal.gw.queue.internal.SqliteStore;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * Binds the store: {@link QueueStore}, {@link JobQueue}, {@link StateStore}, {@link
 * ScheduleStore}, {@link BreakerStore} and {@link PluginInitStore} are one SQLite store, opened when first needed (never while the injector is being
 * configured). Expects a {@link Clock} binding from the engine, which also closes the {@link
 * QueueStore} when it stops.
 */
public final class QueueModule extends AbstractModule {
  private final StoreConfig config;

  public QueueModule(StoreConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  @Override
  protected void configure() {
    bind(QueueStore.class).to(SqliteStore.class);
    bind(JobQueue.class).to(SqliteStore.class);
    bind(StateStore.class).to(SqliteStore.class);
    bind(ScheduleStore.class).to(SqliteStore.class);
    bind(BreakerStore.class).to(SqliteStore.class);
    bind(PluginInitStore.class).to(SqliteStore.class);
  }

  @Provides
  @Singleton
  SqliteStore sqliteStore(Clock clock) {
    return SqliteStore.open(config, clock);
  }
}
