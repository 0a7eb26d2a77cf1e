package dev.senechal.gw.scheduler;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.JobQueue;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.ScheduleEntry;
import dev.senechal.gw.queue.ScheduleStore;
import dev.senechal.gw.queue.SubmittedBy;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The tick loop (SPEC §5): on every tick, enqueues the scheduled runs that are due and prunes the
 * job log.
 *
 * <p>For each schedule of {@link ScheduleSource#current()} (read afresh on every tick, so a reload
 * takes effect on the next one), a tick at instant {@code now}:
 *
 * <ol>
 *   <li>loads the stored timing. A schedule never seen before gets {@link
 *       NextRunCalculator#firstRun}: due at once, or, when {@code now} is outside its preferred
 *       window, stored for the next window opening. A stored next run later than any the current
 *       spec could draw (the config changed from, say, {@code weekly} to {@code 5m}) is drawn again
 *       from the last run, so a shorter interval takes effect at once. Otherwise the stored next
 *       run is used as it is: the jitter is drawn once per run, never per tick, and a restart does
 *       not redraw it.
 *   <li>does nothing more unless {@code now} has reached the next run.
 *   <li>enforces the window: if {@code now} is outside it the run is not enqueued but moved to the
 *       next window opening. A run due inside the window that the tick notices up to one tick
 *       interval late, after the window closed, still fires.
 *   <li>asks the {@link PollGate} (the circuit breaker) and then the poll guard ({@link
 *       JobQueue#countOutstanding} of the plugin and command against {@link
 *       ScheduledPlugin#maxOutstandingPolls()}). If either refuses, nothing is enqueued and the
 *       schedule advances to {@link NextRunCalculator#nextRun} from {@code now}, so a skipped run
 *       is logged once rather than re-fired on every tick; the last run stays as it was.
 *   <li>fires: {@link ScheduleStore#fire} enqueues the job (submitted by the scheduler, context
 *       {@code {"origin_source":"schedule"}}) and stores {@code now} as the last run and {@code
 *       nextRun(now)} as the next one, in one transaction.
 * </ol>
 *
 * <p><b>last_run</b> is the instant the previous scheduled run was <em>enqueued</em>, which is the
 * tick instant that fired it, not when it ran or finished; the next run is drawn from it. So after
 * any downtime a missed run fires once, on the first tick, and the next is one interval after that:
 * there is no catch-up storm.
 *
 * <p>A failure of one schedule (an exception from the store, the gate or the queue) is logged at
 * ERROR with the plugin and does not stop the others. Because firing is one transaction, a failed
 * schedule keeps its timing and is tried again on the next tick; no run is lost. After the
 * schedules, the job log is pruned of attempts completed before {@code now - job_log_retention}.
 *
 * <p>{@link #start()} ticks at once, on the caller's thread, and then every tick interval (fixed
 * delay) on a scheduler thread. {@link #close()} stops ticking and waits for a running tick.
 */
public final class Scheduler implements AutoCloseable {
  /** The context of every scheduled root job (SPEC §7). */
  static final String SCHEDULE_CONTEXT = "{\"origin_source\":\"schedule\"}";

  private static final Logger log = LoggerFactory.getLogger(Scheduler.class);

  private final JobQueue jobQueue;
  private final ScheduleStore scheduleStore;
  private final Clock clock;
  private final NextRunCalculator calculator;
  private final PollGate pollGate;
  private final ScheduleSource source;

  /** Held for the whole of a tick, so ticks never overlap and close() can wait for one. */
  private final ReentrantLock tickLock = new ReentrantLock();

  private final Object lifecycle = new Object();
  private boolean started;
  private volatile boolean closed;
  private ScheduledExecutorService ownedExecutor;
  private ScheduledFuture<?> ticking;

  @Inject
  public Scheduler(
      JobQueue jobQueue,
      ScheduleStore scheduleStore,
      Clock clock,
      NextRunCalculator calculator,
      PollGate pollGate,
      ScheduleSource source) {
    this.jobQueue = requireNonNull(jobQueue, "jobQueue is null");
    this.scheduleStore = requireNonNull(scheduleStore, "scheduleStore is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.calculator = requireNonNull(calculator, "calculator is null");
    this.pollGate = requireNonNull(pollGate, "pollGate is null");
    this.source = requireNonNull(source, "source is null");
  }

  /**
   * Ticks now, on the calling thread, then every tick interval on a daemon thread of the
   * scheduler's own ({@code gw-scheduler}).
   *
   * @throws IllegalStateException when already started or closed
   */
  public void start() {
    startTicking(null);
  }

  /**
   * Ticks now, on the calling thread, then every tick interval on {@code executor}. {@link
   * #close()} cancels the ticking but leaves {@code executor} to its owner.
   *
   * @throws IllegalStateException when already started or closed
   */
  public void start(ScheduledExecutorService executor) {
    startTicking(requireNonNull(executor, "executor is null"));
  }

  private void startTicking(ScheduledExecutorService givenExecutor) {
    synchronized (lifecycle) {
      if (closed || started) {
        throw new IllegalStateException(
            closed ? "the scheduler is closed" : "the scheduler is already started");
      }
      started = true;
    }
    Duration interval = source.settings().tickInterval();
    log.info("Scheduler starting; ticking every {}", interval);
    tick();
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      ScheduledExecutorService executor = givenExecutor;
      if (executor == null) {
        ownedExecutor = Executors.newSingleThreadScheduledExecutor(Scheduler::newThread);
        executor = ownedExecutor;
      }
      long nanos = interval.toNanos();
      ticking = executor.scheduleWithFixedDelay(this::tick, nanos, nanos, TimeUnit.NANOSECONDS);
    }
  }

  /**
   * Runs one tick at the clock's current instant (see the class comment). Never throws for a
   * failing schedule, store or source: failures are logged and retried on the next tick. Does
   * nothing once the scheduler is closed.
   */
  public void tick() {
    tickLock.lock();
    try {
      if (!closed) {
        runTick(clock.instant());
      }
    } finally {
      tickLock.unlock();
    }
  }

  /**
   * The earliest stored next run among the plugin's current schedules, for status output; empty
   * when the plugin has no schedule or none has been ticked yet.
   */
  public Optional<Instant> nextRun(String plugin) {
    requireNonNull(plugin, "plugin is null");
    return source.current().stream()
        .filter(scheduled -> scheduled.plugin().equals(plugin))
        .map(scheduled -> scheduleStore.find(plugin, scheduled.scheduleName()))
        .flatMap(Optional::stream)
        .map(ScheduleEntry::nextRun)
        .filter(Objects::nonNull)
        .min(Comparator.naturalOrder());
  }

  /** Stops ticking and waits for a running tick to finish. Idempotent. */
  @Override
  public void close() {
    ScheduledExecutorService executor;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      if (ticking != null) {
        ticking.cancel(false);
      }
      executor = ownedExecutor;
    }
    if (executor != null) {
      executor.shutdown();
    }
    tickLock.lock(); // a tick that holds the lock finishes first; later ones see closed
    tickLock.unlock();
    log.info("Scheduler stopped");
  }

  private void runTick(Instant now) {
    SchedulerSettings settings;
    List<ScheduledPlugin> schedules;
    try {
      settings = source.settings();
      schedules = source.current();
    } catch (RuntimeException e) {
      log.error("Could not read the current schedules; nothing is scheduled this tick", e);
      return;
    }
    for (ScheduledPlugin scheduled : schedules) {
      MDC.put("plugin", scheduled.plugin());
      try {
        tickSchedule(scheduled, now, settings.tickInterval());
      } catch (RuntimeException e) {
        log.error(
            "Scheduling plugin {} (schedule {}) failed; it is tried again on the next tick",
            scheduled.plugin(),
            scheduled.scheduleName(),
            e);
      } finally {
        MDC.remove("plugin");
      }
    }
    pruneJobLog(now.minus(settings.jobLogRetention()));
  }

  private void tickSchedule(ScheduledPlugin scheduled, Instant now, Duration lateness) {
    String plugin = scheduled.plugin();
    String name = scheduled.scheduleName();
    ScheduleSpec spec = scheduled.spec();
    Optional<ScheduleEntry> entry = scheduleStore.find(plugin, name);
    Instant lastRun = entry.map(ScheduleEntry::lastRun).orElse(null);
    Instant due = entry.map(ScheduleEntry::nextRun).orElse(null);
    if (due == null) {
      due = calculator.firstRun(spec, now);
      if (due.isAfter(now)) {
        scheduleStore.setNextRun(plugin, name, due);
        log.info(
            "First run of {} (schedule {}) is at {}, in its preferred window {}",
            plugin,
            name,
            due,
            spec.window());
        return;
      }
    } else if (due.isAfter(calculator.latestPlausibleRun(spec, now))) {
      // Drawn from no later than now, so the redrawn run is plausible and not redrawn again.
      Instant redrawn =
          lastRun == null
              ? calculator.firstRun(spec, now)
              : calculator.nextRun(spec, lastRun.isAfter(now) ? now : lastRun);
      log.info(
          "Stored next run {} of {} (schedule {}) is later than every {} allows (the config"
              + " changed); redrawn to {}",
          due,
          plugin,
          name,
          spec.every(),
          redrawn);
      scheduleStore.setNextRun(plugin, name, redrawn);
      due = redrawn;
    }
    if (now.isBefore(due)) {
      return;
    }
    boolean inWindow =
        calculator.inWindow(spec, now)
            || (calculator.inWindow(spec, due) && now.isBefore(due.plus(lateness)));
    if (!inWindow) {
      Instant deferred = calculator.firstRun(spec, now);
      scheduleStore.setNextRun(plugin, name, deferred);
      log.info(
          "Run of {} (schedule {}) due at {} is outside its preferred window {};"
              + " deferred to {}",
          plugin,
          name,
          due,
          spec.window(),
          deferred);
      return;
    }
    String command = scheduled.command();
    if (!pollGate.allowsPoll(plugin, command)) {
      Instant next = skip(scheduled, now);
      // The gate logs the refusal at WARN with its reason and until when; this line adds timing.
      log.debug(
          "Circuit breaker of {} {} refused: scheduled {} skipped; next run {}",
          plugin,
          command,
          command,
          next);
      return;
    }
    int outstanding = jobQueue.countOutstanding(plugin, command);
    if (outstanding >= scheduled.maxOutstandingPolls()) {
      Instant next = skip(scheduled, now);
      log.info(
          "Poll guard: {} has {} outstanding {} job(s) (max_outstanding_polls {}):"
              + " scheduled {} skipped; next run {}",
          plugin,
          outstanding,
          command,
          scheduled.maxOutstandingPolls(),
          command,
          next);
      return;
    }
    Instant next = calculator.nextRun(spec, now);
    NewJob job =
        NewJob.of(plugin, command, scheduled.payload(), SubmittedBy.SCHEDULER)
            .withMaxAttempts(scheduled.maxAttempts())
            .withContext(SCHEDULE_CONTEXT);
    Optional<EnqueueResult> result = scheduleStore.fire(plugin, name, now, next, job);
    log.debug(
        "Enqueued scheduled {} of {} (schedule {}) as job {}; next run {}",
        command,
        plugin,
        name,
        result.map(EnqueueResult::jobId).orElse("-"),
        next);
  }

  /** Advances a schedule without enqueueing or touching its last run; returns the new next run. */
  private Instant skip(ScheduledPlugin scheduled, Instant now) {
    Instant next = calculator.nextRun(scheduled.spec(), now);
    scheduleStore.setNextRun(scheduled.plugin(), scheduled.scheduleName(), next);
    return next;
  }

  private void pruneJobLog(Instant cutoff) {
    try {
      int pruned = jobQueue.pruneJobLog(cutoff);
      if (pruned > 0) {
        log.info("Pruned {} job-log row(s) of attempts completed before {}", pruned, cutoff);
      }
    } catch (RuntimeException e) {
      log.error(
          "Pruning the job log before {} failed; it is tried again on the next tick", cutoff, e);
    }
  }

  private static Thread newThread(Runnable runnable) {
    Thread thread = new Thread(runnable, "gw-scheduler");
    thread.setDaemon(true);
    return thread;
  }
}
