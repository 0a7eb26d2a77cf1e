package dev.senechal.gw.queue;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.senechal.gw.queue.testing.MutableClock;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueModuleTest {
  @TempDir Path dir;

  private Injector injector(Stage stage, Path database) {
    return Guice.createInjector(
        stage,
        new QueueModule(StoreConfig.defaults(database)),
        new AbstractModule() {
          @Override
          protected void configure() {
            binder().requireExplicitBindings();
            binder().disableCircularProxies();
            bind(Clock.class).toInstance(MutableClock.at("2026-02-08T10:00:00Z"));
          }
        });
  }

  @Test
  void allViewsAreOneStoreOpenedOnlyWhenFirstNeeded() {
    Path database = dir.resolve("data").resolve("state.db");
    Injector injector = injector(Stage.DEVELOPMENT, database);
    assertThat(database.getParent()).as("configuring the injector does no I/O").doesNotExist();

    try (QueueStore store = injector.getInstance(QueueStore.class)) {
      assertThat(database).exists();
      assertThat(injector.getInstance(JobQueue.class)).isSameAs(store);
      assertThat(injector.getInstance(StateStore.class)).isSameAs(store);
      assertThat(injector.getInstance(ScheduleStore.class)).isSameAs(store);
      String id = store.enqueue(NewJob.of("p", "poll", "{}", SubmittedBy.CLI)).jobId();
      assertThat(injector.getInstance(JobQueue.class).find(id)).isPresent();
    }
  }

  @Test
  void theProductionStageOpensTheStoreAtStart() {
    Path database = dir.resolve("state.db");

    try (QueueStore store = injector(Stage.PRODUCTION, database).getInstance(QueueStore.class)) {
      assertThat(store.depth()).isZero();
    }
  }
}
