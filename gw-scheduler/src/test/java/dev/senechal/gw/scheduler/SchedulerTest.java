package dev.senechal.gw.scheduler;

import static dev.senechal.gw.scheduler.PreferredWindowTest.window;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.ScheduleEntry;
import dev.senechal.gw.queue.SubmittedBy;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SchedulerTest {
  private static final Instant T0 = Instant.parse("2025-06-02T10:00:00Z");
  private static final Duration SIX_HOURS = Duration.ofHours(6);
  private static final Duration HALF_JITTER = Duration.ofMinutes(15);
  private static final ScheduleSpec SIX_HOURLY_JITTERED =
      new ScheduleSpec(Every.parse("6h"), Duration.ofMinutes(30), null);
  private static final ScheduledPlugin WITHINGS =
      ScheduledPlugin.poll("withings", SIX_HOURLY_JITTERED);

  private final MutableClock clock = new MutableClock(T0);
  private final FakeJobQueue queue = new FakeJobQueue();
  private final MutableScheduleSource source = new MutableScheduleSource();

  @Test
  void theFirstTickFiresAScheduleNeverSeenBefore() {
    source.set(
        new ScheduledPlugin(
            "withings", "default", "poll", SIX_HOURLY_JITTERED, "{\"full\":true}", 7, 1));

    scheduler(PollGate.OPEN, 1).tick();

    assertThat(queue.jobs()).hasSize(1);
    NewJob job = queue.jobs().get(0).job;
    assertThat(job.plugin()).isEqualTo("withings");
    assertThat(job.command()).isEqualTo("poll");
    assertThat(job.payload()).isEqualTo("{\"full\":true}");
    assertThat(job.submittedBy()).isEqualTo(SubmittedBy.SCHEDULER);
    assertThat(job.maxAttempts()).isEqualTo(7);
    assertThat(job.context()).isEqualTo("{\"origin_source\":\"schedule\"}");
    assertThat(job.dedupeKey()).isNull();
    ScheduleEntry entry = queue.entry("withings");
    assertThat(entry.lastRun()).isEqualTo(T0);
    assertThat(entry.nextRun())
        .isBetween(around(T0.plus(SIX_HOURS)).min, around(T0.plus(SIX_HOURS)).max);
  }

  @Test
  void jitterIsDrawnWhenARunFiresAndNotOnTheTicksBeforeIt() {
    source.set(WITHINGS);
    CountingRandom random = new CountingRandom(7);
    Scheduler scheduler = scheduler(PollGate.OPEN, random);
    scheduler.tick();
    Instant drawn = queue.entry("withings").nextRun();
    int draws = random.draws();

    int ticks = 0;
    for (clock.advance(Duration.ofMinutes(1));
        clock.instant().isBefore(drawn);
        clock.advance(Duration.ofMinutes(1))) {
      scheduler.tick();
      ticks++;
      assertThat(queue.entry("withings").nextRun()).isEqualTo(drawn);
    }
    assertThat(ticks).isGreaterThan(340);
    assertThat(queue.jobs()).hasSize(1);
    assertThat(random.draws()).isEqualTo(draws);

    queue.finishAll("withings");
    clock.set(drawn);
    scheduler.tick();

    assertThat(queue.jobs()).hasSize(2);
    assertThat(random.draws()).isGreaterThan(draws);
    ScheduleEntry entry = queue.entry("withings");
    assertThat(entry.lastRun()).isEqualTo(drawn);
    assertThat(entry.nextRun())
        .isNotEqualTo(drawn.plus(SIX_HOURS))
        .isBetween(around(drawn.plus(SIX_HOURS)).min, around(drawn.plus(SIX_HOURS)).max);
  }

  @Test
  void aRestartKeepsTheStoredNextRun() {
    source.set(WITHINGS);
    scheduler(PollGate.OPEN, 1).tick();
    Instant drawn = queue.entry("withings").nextRun();

    Scheduler restarted = scheduler(PollGate.OPEN, 99);
    clock.advance(Duration.ofHours(1));
    restarted.tick();

    assertThat(queue.jobs()).hasSize(1);
    assertThat(queue.entry("withings").nextRun()).isEqualTo(drawn);
    assertThat(queue.entry("withings").lastRun()).isEqualTo(T0);

    queue.finishAll("withings");
    clock.set(drawn);
    restarted.tick();
    assertThat(queue.jobs()).hasSize(2);
  }

  @Test
  void aFirstRunOutsideTheWindowIsStoredAndSurvivesARestart() {
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("6h"), Duration.ofMinutes(30), window("06:00", "22:00"));
    source.set(ScheduledPlugin.poll("withings", spec));
    clock.set(Instant.parse("2025-06-02T23:00:00Z"));

    scheduler(PollGate.OPEN, 1).tick();

    assertThat(queue.jobs()).isEmpty();
    Instant first = queue.entry("withings").nextRun();
    assertThat(first)
        .isBetween(
            Instant.parse("2025-06-03T06:00:00Z"), Instant.parse("2025-06-03T06:29:59.999Z"));
    assertThat(queue.entry("withings").lastRun()).isNull();

    Scheduler restarted = scheduler(PollGate.OPEN, 2);
    clock.advance(Duration.ofMinutes(30));
    restarted.tick();
    assertThat(queue.entry("withings").nextRun()).isEqualTo(first);

    clock.set(first);
    restarted.tick();
    assertThat(queue.jobs()).hasSize(1);
    assertThat(queue.entry("withings").lastRun()).isEqualTo(first);
  }

  @Test
  void thePollGuardSkipsWhileAPollIsOutstandingButAdvancesTheSchedule() {
    source.set(WITHINGS);
    Scheduler scheduler = scheduler(PollGate.OPEN, 3);
    scheduler.tick();
    queue.markRunning("job-1");
    Instant due = queue.entry("withings").nextRun();

    clock.set(due);
    scheduler.tick();

    assertThat(queue.jobs()).hasSize(1);
    ScheduleEntry skipped = queue.entry("withings");
    assertThat(skipped.lastRun()).as("last_run is the last enqueue").isEqualTo(T0);
    assertThat(skipped.nextRun())
        .isBetween(around(due.plus(SIX_HOURS)).min, around(due.plus(SIX_HOURS)).max);

    // The skipped run does not re-fire on every tick while the poll is still out.
    clock.advance(Duration.ofMinutes(1));
    scheduler.tick();
    assertThat(queue.jobs()).hasSize(1);
    assertThat(queue.entry("withings").nextRun()).isEqualTo(skipped.nextRun());

    queue.finishAll("withings");
    clock.set(skipped.nextRun());
    scheduler.tick();

    assertThat(queue.jobs()).hasSize(2);
    assertThat(queue.entry("withings").lastRun()).isEqualTo(skipped.nextRun());
  }

  @Test
  void thePollGuardAllowsUpToMaxOutstandingPolls() {
    source.set(
        new ScheduledPlugin(
            "withings", "default", "poll", ScheduleSpec.of(Every.parse("5m")), "{}", 4, 2));
    Scheduler scheduler = scheduler(PollGate.OPEN, 3);

    for (int i = 0; i < 4; i++) {
      scheduler.tick();
      clock.advance(Duration.ofMinutes(5));
    }

    assertThat(queue.jobs()).hasSize(2);
    assertThat(queue.countOutstanding("withings", "poll")).isEqualTo(2);
  }

  @Test
  void thePollGuardLogsThePluginAndItsOutstandingCountAtInfo() {
    source.set(WITHINGS);
    Scheduler scheduler = scheduler(PollGate.OPEN, 3);
    scheduler.tick();
    clock.set(queue.entry("withings").nextRun());

    List<ILoggingEvent> events = captureLogs(scheduler::tick);

    assertThat(events)
        .filteredOn(e -> e.getLevel() == Level.INFO)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(
            message ->
                assertThat(message)
                    .contains("Poll guard: withings has 1 outstanding poll job(s)")
                    .contains("max_outstanding_polls 1"));
  }

  @Test
  void anOpenBreakerEnqueuesNoPollAndTheScheduleAdvances() {
    AtomicBoolean breakerClosed = new AtomicBoolean(false);
    List<String> asked = new ArrayList<>();
    PollGate gate =
        (plugin, command) -> {
          asked.add(plugin + " " + command);
          return !plugin.equals("withings") || breakerClosed.get();
        };
    source.set(WITHINGS, ScheduledPlugin.poll("github", SIX_HOURLY_JITTERED));
    Scheduler scheduler = scheduler(gate, 4);

    scheduler.tick();

    assertThat(queue.jobs()).extracting(j -> j.job.plugin()).containsExactly("github");
    assertThat(asked).containsExactly("withings poll", "github poll");
    Instant advanced = queue.entry("withings").nextRun();
    assertThat(advanced).isBetween(around(T0.plus(SIX_HOURS)).min, around(T0.plus(SIX_HOURS)).max);
    assertThat(queue.entry("withings").lastRun()).isNull();

    clock.advance(Duration.ofMinutes(1));
    scheduler.tick();
    assertThat(queue.jobsOf("withings")).isEmpty();
    assertThat(queue.entry("withings").nextRun()).isEqualTo(advanced);

    breakerClosed.set(true);
    clock.set(advanced);
    scheduler.tick();
    assertThat(queue.jobsOf("withings")).hasSize(1);
  }

  @Test
  void missedRunsAfterLongDowntimeFireOnce() {
    source.set(WITHINGS);
    scheduler(PollGate.OPEN, 5).tick();
    queue.finishAll("withings");

    clock.advance(Duration.ofDays(30)); // 120 missed runs
    Instant back = clock.instant();
    Scheduler restarted = scheduler(PollGate.OPEN, 6);
    restarted.tick();
    queue.finishAll("withings");
    restarted.tick();
    clock.advance(Duration.ofMinutes(1));
    restarted.tick();

    assertThat(queue.jobs()).hasSize(2);
    assertThat(queue.entry("withings").lastRun()).isEqualTo(back);
    assertThat(queue.entry("withings").nextRun())
        .isBetween(around(back.plus(SIX_HOURS)).min, around(back.plus(SIX_HOURS)).max);
  }

  @Test
  void everyTickPrunesTheJobLogByTheRetention() {
    source.settings(new SchedulerSettings(Duration.ofSeconds(60), Duration.ofDays(30)));
    Scheduler scheduler = scheduler(PollGate.OPEN, 1);

    scheduler.tick();
    clock.advance(Duration.ofMinutes(1));
    source.set(WITHINGS);
    scheduler.tick();
    clock.advance(Duration.ofMinutes(1));
    source.settings(new SchedulerSettings(Duration.ofSeconds(60), Duration.ofDays(7)));
    scheduler.tick();

    assertThat(queue.pruneCutoffs())
        .containsExactly(
            T0.minus(Duration.ofDays(30)),
            T0.plus(Duration.ofMinutes(1)).minus(Duration.ofDays(30)),
            T0.plus(Duration.ofMinutes(2)).minus(Duration.ofDays(7)));
  }

  @Test
  void oneFailingPluginDoesNotStopTheOthers() {
    queue.breakPlugin("broken");
    source.set(ScheduledPlugin.poll("broken", SIX_HOURLY_JITTERED), WITHINGS);
    Scheduler scheduler = scheduler(PollGate.OPEN, 1);

    List<ILoggingEvent> events = captureLogs(scheduler::tick);

    assertThat(queue.jobs()).extracting(j -> j.job.plugin()).containsExactly("withings");
    assertThat(queue.pruneCutoffs()).hasSize(1);
    assertThat(events)
        .filteredOn(e -> e.getLevel() == Level.ERROR)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getFormattedMessage()).contains("broken");
              assertThat(e.getThrowableProxy().getMessage()).isEqualTo("store failure for broken");
            });

    // Nothing was stored for the failed schedule, so it is tried again on the next tick.
    queue.repairPlugin("broken");
    clock.advance(Duration.ofMinutes(1));
    scheduler.tick();
    assertThat(queue.jobsOf("broken")).hasSize(1);
  }

  @Test
  void aFailingSourceOrPruneDoesNotEscapeTheTick() {
    ScheduleSource failing =
        new ScheduleSource() {
          @Override
          public List<ScheduledPlugin> current() {
            throw new IllegalStateException("config gone");
          }

          @Override
          public SchedulerSettings settings() {
            return SchedulerSettings.DEFAULTS;
          }
        };
    Scheduler scheduler =
        new Scheduler(
            queue,
            queue,
            clock,
            new NextRunCalculator(new SplittableRandom(1), ZoneOffset.UTC),
            PollGate.OPEN,
            failing);

    List<ILoggingEvent> events = captureLogs(scheduler::tick);

    assertThat(events).extracting(ILoggingEvent::getLevel).contains(Level.ERROR);
    assertThat(queue.jobs()).isEmpty();
  }

  @Test
  void aReloadedConfigIsReadOnTheNextTick() {
    source.set(WITHINGS);
    Scheduler scheduler = scheduler(PollGate.OPEN, 1);
    scheduler.tick();

    source.set(WITHINGS, ScheduledPlugin.poll("github", SIX_HOURLY_JITTERED));
    clock.advance(Duration.ofMinutes(1));
    scheduler.tick();

    assertThat(queue.jobs()).extracting(j -> j.job.plugin()).containsExactly("withings", "github");
  }

  @Test
  void aShorterIntervalAfterAReloadTakesEffectAtOnce() {
    source.set(ScheduledPlugin.poll("withings", ScheduleSpec.of(Every.parse("weekly"))));
    Scheduler scheduler = scheduler(PollGate.OPEN, 1);
    scheduler.tick();
    queue.finishAll("withings");
    assertThat(queue.entry("withings").nextRun()).isEqualTo(T0.plus(Duration.ofDays(7)));

    source.set(ScheduledPlugin.poll("withings", ScheduleSpec.of(Every.parse("5m"))));
    clock.advance(Duration.ofMinutes(1));
    scheduler.tick();
    assertThat(queue.jobs()).hasSize(1);
    assertThat(queue.entry("withings").nextRun()).isEqualTo(T0.plus(Duration.ofMinutes(5)));

    clock.set(T0.plus(Duration.ofMinutes(5)));
    scheduler.tick();
    assertThat(queue.jobs()).hasSize(2);
  }

  @Test
  void aClockSetBackRedrawsOnceAndThenKeepsTheDraw() {
    source.set(WITHINGS);
    Scheduler scheduler = scheduler(PollGate.OPEN, 1);
    scheduler.tick();
    queue.finishAll("withings");

    clock.set(T0.minus(Duration.ofDays(14)));
    scheduler.tick();
    Instant redrawn = queue.entry("withings").nextRun();
    Instant back = clock.instant();
    assertThat(redrawn)
        .isBetween(around(back.plus(SIX_HOURS)).min, around(back.plus(SIX_HOURS)).max);
    for (int i = 0; i < 10; i++) {
      clock.advance(Duration.ofMinutes(1));
      scheduler.tick();
      assertThat(queue.entry("withings").nextRun()).isEqualTo(redrawn);
    }
    assertThat(queue.jobs()).hasSize(1);
  }

  @Test
  void aRunMissedOutsideItsWindowWaitsForTheWindow() {
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("6h"), Duration.ofMinutes(30), window("06:00", "22:00"));
    source.set(ScheduledPlugin.poll("withings", spec));
    scheduler(PollGate.OPEN, 1).tick(); // 10:00, inside: fires
    queue.finishAll("withings");

    clock.set(Instant.parse("2025-06-02T23:00:00Z")); // down from 15:00 to 23:00
    Scheduler restarted = scheduler(PollGate.OPEN, 2);
    restarted.tick();

    assertThat(queue.jobs()).hasSize(1);
    Instant deferred = queue.entry("withings").nextRun();
    assertThat(deferred)
        .isBetween(
            Instant.parse("2025-06-03T06:00:00Z"), Instant.parse("2025-06-03T06:29:59.999Z"));

    clock.set(deferred);
    restarted.tick();
    assertThat(queue.jobs()).hasSize(2);
  }

  @Test
  void aRunDueInsideItsWindowStillFiresWhenNoticedWithinOneTick() {
    ScheduleSpec spec =
        new ScheduleSpec(Every.parse("6h"), Duration.ZERO, window("06:00", "22:00"));
    source.set(ScheduledPlugin.poll("withings", spec));
    clock.set(Instant.parse("2025-06-02T15:59:30Z"));
    Scheduler scheduler = scheduler(PollGate.OPEN, 1);
    scheduler.tick();
    assertThat(queue.entry("withings").nextRun()).isEqualTo(Instant.parse("2025-06-02T21:59:30Z"));
    queue.finishAll("withings");

    clock.set(Instant.parse("2025-06-02T22:00:20Z")); // 50 s late, tick interval 60 s
    scheduler.tick();

    assertThat(queue.jobs()).hasSize(2);
  }

  @Test
  void nextRunReportsTheStoredTimeForStatus() {
    source.set(WITHINGS);
    Scheduler scheduler = scheduler(PollGate.OPEN, 1);
    assertThat(scheduler.nextRun("withings")).isEmpty();

    scheduler.tick();

    assertThat(scheduler.nextRun("withings")).contains(queue.entry("withings").nextRun());
    assertThat(scheduler.nextRun("unknown")).isEmpty();
  }

  private Scheduler scheduler(PollGate gate, long seed) {
    return scheduler(gate, new SplittableRandom(seed));
  }

  private Scheduler scheduler(PollGate gate, RandomGenerator random) {
    return new Scheduler(
        queue, queue, clock, new NextRunCalculator(random, ZoneOffset.UTC), gate, source);
  }

  /** The range a run jittered around {@code nominal} must land in. */
  private static Range around(Instant nominal) {
    return new Range(nominal.minus(HALF_JITTER), nominal.plus(HALF_JITTER));
  }

  private record Range(Instant min, Instant max) {}

  private static List<ILoggingEvent> captureLogs(Runnable action) {
    Logger logger = (Logger) LoggerFactory.getLogger(Scheduler.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    Level before = logger.getLevel();
    logger.setLevel(Level.INFO);
    logger.setAdditive(false); // captured, not printed
    logger.addAppender(appender);
    try {
      action.run();
    } finally {
      logger.detachAppender(appender);
      logger.setAdditive(true);
      logger.setLevel(before);
    }
    return appender.list;
  }
}
