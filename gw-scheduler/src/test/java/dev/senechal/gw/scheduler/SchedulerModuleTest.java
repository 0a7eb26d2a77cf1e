package dev.senechal.gw.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.senechal.gw.queue.JobQueue;
import dev.senechal.gw.queue.ScheduleStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class SchedulerModuleTest {
  private final FakeJobQueue queue = new FakeJobQueue();
  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-02T10:00:00Z"));

  @Test
  void bindsTheSchedulerAsASingletonWithExplicitBindings() {
    Injector injector = Guice.createInjector(Stage.PRODUCTION, engine(true), new SchedulerModule());

    Scheduler scheduler = injector.getInstance(Scheduler.class);

    assertThat(injector.getInstance(Scheduler.class)).isSameAs(scheduler);
    assertThat(injector.getInstance(NextRunCalculator.class).zone()).isEqualTo(ZoneOffset.UTC);
    scheduler.tick();
    assertThat(queue.jobs()).hasSize(1);
  }

  @Test
  void aMissingEngineBindingFailsAtCreation() {
    assertThatThrownBy(
            () -> Guice.createInjector(Stage.PRODUCTION, engine(false), new SchedulerModule()))
        .isInstanceOf(CreationException.class)
        .hasMessageContaining("PollGate");
  }

  private Module engine(boolean withGate) {
    return new AbstractModule() {
      @Override
      protected void configure() {
        binder().requireExplicitBindings();
        binder().disableCircularProxies();
        bind(Clock.class).toInstance(clock);
        bind(ZoneId.class).toInstance(ZoneOffset.UTC);
        bind(RandomGenerator.class).toInstance(new SplittableRandom(1));
        bind(JobQueue.class).toInstance(queue);
        bind(ScheduleStore.class).toInstance(queue);
        bind(ScheduleSource.class)
            .toInstance(
                ScheduleSource.of(
                    List.of(
                        ScheduledPlugin.poll("withings", ScheduleSpec.of(Every.parse("hourly")))),
                    SchedulerSettings.DEFAULTS));
        if (withGate) {
          bind(PollGate.class).toInstance(PollGate.OPEN);
        }
      }
    };
  }
}
