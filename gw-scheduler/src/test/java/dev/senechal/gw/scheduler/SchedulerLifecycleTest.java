package dev.senechal.gw.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class SchedulerLifecycleTest {
  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");
  private static final ScheduledPlugin WITHINGS =
      ScheduledPlugin.poll("withings", ScheduleSpec.of(Every.parse("5m")));

  private final MutableClock clock = new MutableClock(T0);
  private final FakeJobQueue queue = new FakeJobQueue();
  private final MutableScheduleSource source = new MutableScheduleSource().set(WITHINGS);

  @Test
  void startTicksAtOnceAndThenEveryTickInterval() {
    source.settings(new SchedulerSettings(Duration.ofSeconds(45), Duration.ofDays(30)));
    ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1);
    Scheduler scheduler = scheduler(source);
    try {
      scheduler.start(executor);

      // The first tick has happened when start returns, not one interval later.
      assertThat(queue.jobs()).hasSize(1);
      assertThat(queue.pruneCutoffs()).hasSize(1);
      assertThat(executor.getQueue())
          .singleElement()
          .satisfies(
              task -> {
                long delay = ((ScheduledFuture<?>) task).getDelay(TimeUnit.MILLISECONDS);
                assertThat(delay).isBetween(30_000L, 45_000L);
              });

      scheduler.close();

      assertThat(executor.getQueue())
          .allSatisfy(task -> assertThat(((ScheduledFuture<?>) task).isCancelled()).isTrue());
      assertThat(executor.isShutdown()).as("the executor belongs to the caller").isFalse();
    } finally {
      executor.shutdownNow();
    }
  }

  @Test
  void startWithItsOwnThreadTicksAtOnceAndCloseStopsTicking() {
    Scheduler scheduler = scheduler(source);
    scheduler.start();
    assertThat(queue.jobs()).hasSize(1);
    assertThatThrownBy(scheduler::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("already started");

    scheduler.close();
    scheduler.close();
    queue.finishAll("withings");
    clock.advance(Duration.ofHours(1));
    scheduler.tick();

    assertThat(queue.jobs()).hasSize(1);
    assertThatThrownBy(scheduler::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  @Timeout(10)
  void closeWaitsForARunningTick() throws Exception {
    CountDownLatch inTick = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<String> order = new CopyOnWriteArrayList<>();
    ScheduleSource blocking =
        new ScheduleSource() {
          @Override
          public List<ScheduledPlugin> current() {
            inTick.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return List.of(WITHINGS);
          }

          @Override
          public SchedulerSettings settings() {
            return SchedulerSettings.DEFAULTS;
          }
        };
    Scheduler scheduler = scheduler(blocking);
    Thread ticker = new Thread(scheduler::tick);
    ticker.start();
    inTick.await();

    Thread closer =
        new Thread(
            () -> {
              scheduler.close();
              // Pruning is the last step of a tick.
              order.add("close returned after " + queue.pruneCutoffs().size() + " prune(s)");
            });
    closer.start();
    while (closer.getState() == Thread.State.NEW || closer.getState() == Thread.State.RUNNABLE) {
      Thread.onSpinWait();
    }
    assertThat(closer.getState()).as("close waits for the tick").isEqualTo(Thread.State.WAITING);

    release.countDown();
    ticker.join();
    closer.join();

    assertThat(order).containsExactly("close returned after 1 prune(s)");
    assertThat(queue.jobs()).hasSize(1);
  }

  private Scheduler scheduler(ScheduleSource scheduleSource) {
    return new Scheduler(
        queue,
        queue,
        clock,
        new NextRunCalculator(new SplittableRandom(1), ZoneOffset.UTC),
        PollGate.OPEN,
        scheduleSource);
  }
}
