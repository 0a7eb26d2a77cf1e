package dev.senechal.gw.dispatch.internal;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.dispatch.BreakerPolicies;
import dev.senechal.gw.dispatch.DispatchSettings;
import dev.senechal.gw.dispatch.Dispatcher;
import dev.senechal.gw.dispatch.LoadedPlugin;
import dev.senechal.gw.dispatch.PluginInvoker;
import dev.senechal.gw.dispatch.PluginRegistry;
import dev.senechal.gw.protocol.EmittedEvent;
import dev.senechal.gw.protocol.InvocationOutcome;
import dev.senechal.gw.protocol.LogEntry;
import dev.senechal.gw.protocol.PluginEvent;
import dev.senechal.gw.protocol.PluginResponse;
import dev.senechal.gw.protocol.ProcessGroups;
import dev.senechal.gw.protocol.ProcessIdentity;
import dev.senechal.gw.protocol.ProcessResult;
import dev.senechal.gw.protocol.PluginRunInterruptedException;
import dev.senechal.gw.protocol.PluginSpawnException;
import dev.senechal.gw.protocol.ProtocolCodec;
import dev.senechal.gw.protocol.ProtocolViolationException;
import dev.senechal.gw.queue.AttemptLog;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobQueue;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.NewJob;
import dev.senechal.gw.queue.ProcessRef;
import dev.senechal.gw.queue.Settlement;
import dev.senechal.gw.queue.StaleSettlementException;
import dev.senechal.gw.queue.StateStore;
import dev.senechal.gw.queue.StateTooLargeException;
import dev.senechal.gw.router.EventRejectedException;
import dev.senechal.gw.router.Router;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The serial FIFO dispatcher. One thread claims the oldest runnable job, spawns its plugin once,
 * and settles the outcome in one transaction (status, state, job log, children, the circuit
 * breaker's count). The store makes that settle durable and reports it (log line, settle
 * listeners) on its own thread, while this one goes on. It claims the next job as soon as one
 * settles (the settle is committed, so the next job sees its state), wakes at once on an enqueue made in this process, and looks for
 * work enqueued by another process (the CLI) at least every {@link DispatchSettings#idlePoll()}.
 *
 * <p>A failed attempt is retried with the backoff of {@link RetryPolicy} while attempts remain and
 * the failure is retryable; otherwise the job is dead-lettered with the reason.
 */
public final class SerialDispatcher implements Dispatcher {
  private static final Logger log = LoggerFactory.getLogger(SerialDispatcher.class);
  /** What the job log keeps of a plugin's stderr (SPEC §6). */
  static final int STORED_STDERR_BYTES = 64 * 1024;

  private final JobQueue queue;
  private final StateStore states;
  private final PluginRegistry registry;
  private final PluginInvoker invoker;
  private final ProtocolCodec codec;
  private final Router router;
  private final RetryPolicy retry;
  private final ProcessGroups processGroups;
  private final BreakerPolicies breakerPolicies;
  private final DispatchSettings settings;
  private final Clock clock;

  private final Object monitor = new Object();
  private final AtomicReference<ProcessIdentity> running = new AtomicReference<>();
  private boolean wakeRequested;
  private volatile boolean stopping;
  private volatile boolean abandonRunning;
  private Thread thread;

  @Inject
  public SerialDispatcher(
      JobQueue queue,
      StateStore states,
      PluginRegistry registry,
      PluginInvoker invoker,
      ProtocolCodec codec,
      Router router,
      RetryPolicy retry,
      ProcessGroups processGroups,
      BreakerPolicies breakerPolicies,
      DispatchSettings settings,
      Clock clock) {
    this.queue = requireNonNull(queue, "queue is null");
    this.states = requireNonNull(states, "states is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.invoker = requireNonNull(invoker, "invoker is null");
    this.codec = requireNonNull(codec, "codec is null");
    this.router = requireNonNull(router, "router is null");
    this.retry = requireNonNull(retry, "retry is null");
    this.processGroups = requireNonNull(processGroups, "processGroups is null");
    this.breakerPolicies = requireNonNull(breakerPolicies, "breakerPolicies is null");
    this.settings = requireNonNull(settings, "settings is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  @Override
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("dispatcher already started");
    }
    queue.addEnqueueListener(this::wake);
    thread = new Thread(this::loop, "gw-dispatcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void wake() {
    synchronized (monitor) {
      wakeRequested = true;
      monitor.notifyAll();
    }
  }

  private void loop() {
    while (!stopping) {
      try {
        if (!runNext()) {
          idle();
        }
      } catch (RuntimeException e) {
        // The store refused a claim or a settle (disk full, locked): keep the loop alive and try
        // again; nothing accepted is lost because the job stays in the store.
        log.error("dispatch loop error; retrying in {}", settings.idlePoll(), e);
        idle();
      }
    }
  }

  private void idle() {
    long waitMillis = settings.idlePoll().toMillis();
    Optional<Instant> due = queue.nextDueAt();
    if (due.isPresent()) {
      long untilDue = Duration.between(clock.instant(), due.get()).toMillis();
      waitMillis = Math.max(1, Math.min(waitMillis, untilDue));
    }
    synchronized (monitor) {
      if (!wakeRequested && !stopping) {
        try {
          monitor.wait(waitMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          stopping = true;
        }
      }
      wakeRequested = false;
    }
  }

  @Override
  public boolean runOnce() {
    boolean ran = runNext();
    if (ran) {
      queue.awaitReported();
    }
    return ran;
  }

  /**
   * Claims, runs and settles one job; does not wait for the settle to be synced and reported (the
   * store does that on its own thread while this one claims the next job and spawns its plugin;
   * that plugin gets its request only once it is done).
   */
  private boolean runNext() {
    Optional<Job> claimed = queue.claimNext();
    if (claimed.isEmpty()) {
      return false;
    }
    Job job = claimed.get();
    MDC.put("plugin", job.plugin());
    MDC.put("job_id", job.id());
    try {
      execute(job);
    } catch (PluginRunInterruptedException e) {
      // Stopping: the job stays running and is recovered on the next start.
      throw e;
    } catch (RuntimeException e) {
      if (stopping) {
        // Stopping (the runner may be closed under us): like an interrupted run, the job stays
        // running and the next start recovers it; accepted work is not dead-lettered by a stop.
        running.set(null);
        log.warn("stopped while dispatching job {}; it stays running and is recovered on the next"
            + " start", job.id(), e);
        return true;
      }
      // Whatever went wrong between the claim and the settle, a claimed job is never left running
      // until the next start (a ?wait= on it would never end): it is dead-lettered with the cause.
      running.set(null);
      log.error("job {} could not be dispatched; dead-lettering it", job.id(), e);
      settleOrWarn(
          Settlement.failed(
                  job,
                  JobStatus.DEAD,
                  "the gateway failed to dispatch this job: " + e + " (not retried)",
                  null,
                  AttemptLog.EMPTY)
              .countedByBreaker(breakerPolicies.policy(job.plugin()).threshold()));
    } finally {
      MDC.remove("plugin");
      MDC.remove("job_id");
    }
    return true;
  }

  private void execute(Job job) {
    Optional<LoadedPlugin> found = registry.current().plugin(job.plugin());
    if (found.isEmpty()) {
      String why =
          registry
              .current()
              .refusal(job.plugin())
              .map(r -> "plugin " + job.plugin() + " was refused: " + r.reason())
              .orElse("plugin " + job.plugin() + " is not loaded (not found or not enabled)");
      settle(job, Settlement.failed(job, JobStatus.DEAD, why, null, AttemptLog.EMPTY));
      return;
    }
    LoadedPlugin plugin = found.get();
    if (!plugin.manifest().supports(job.command())) {
      String why =
          "plugin "
              + plugin.name()
              + " does not support command '"
              + job.command()
              + "' (its manifest declares "
              + plugin.manifest().commands().keySet()
              + ")";
      settle(job, Settlement.failed(job, JobStatus.DEAD, why, null, AttemptLog.EMPTY));
      return;
    }
    log.debug("running {} {} attempt {}", plugin.name(), job.command(), job.attempt());
    PluginEvent event = null;
    if (job.command().equals("handle")) {
      try {
        event = codec.decodeEvent(job.payload());
      } catch (ProtocolViolationException e) {
        String why =
            "the payload of this handle job is not an event envelope "
                + "({type, payload, event_id, source, timestamp}): "
                + e.getMessage()
                + " (not retried)";
        settle(job, Settlement.failed(job, JobStatus.DEAD, why, null, AttemptLog.EMPTY));
        return;
      }
    }
    PluginInvoker.Call call =
        new PluginInvoker.Call(
            job.id(), job.command(), job.payload(), event, states.get(plugin.name()),
            job.context());
    PluginInvoker.Invocation invocation;
    try {
      invocation =
          invoker.invoke(
              plugin,
              call,
              identity -> {
                running.set(identity);
                // SPEC §4: a settle may not be cheaper than durable. The previous job's settle is
                // synced on the store's own thread while this job was claimed and its plugin
                // spawned; the plugin is handed its request only once that settle is on disk, so
                // a power loss can never leave a plugin acting on an outcome that is lost. Waiting
                // before the write below also lets a checkpoint that came due finish first.
                queue.awaitReported();
                queue.recordProcess(
                    job.id(),
                    job.attempt(),
                    new ProcessRef(
                        identity.pid(), identity.processGroupId(), identity.startedAt()));
              });
    } catch (PluginSpawnException e) {
      // The process never ran: retried with backoff like any other failed attempt.
      Instant retryAt =
          clock.instant().plus(retry.delayAfter(job.attempt(), plugin.settings().backoffBase()));
      settle(
          job,
          Settlement.failed(
              job,
              JobStatus.FAILED,
              "could not start the plugin: " + e.getMessage(),
              retryAt,
              AttemptLog.EMPTY));
      return;
    }
    running.set(null);
    if (abandonRunning) {
      log.warn(
          "stopped while {} {} ran; job {} stays running and is recovered on the next start",
          plugin.name(),
          job.command(),
          job.id());
      return;
    }
    prepareNext();
    String stderr = storedStderr(invocation.result());
    if (!stderr.isEmpty()) {
      log.warn("plugin stderr: {}", stderr);
    }
    settle(job, outcome(job, plugin, invocation, stderr));
  }

  private Settlement outcome(
      Job job, LoadedPlugin plugin, PluginInvoker.Invocation invocation, String stderr) {
    ProcessResult result = invocation.result();
    InvocationOutcome outcome = invocation.outcome();
    Integer exitCode = result.exitCode();
    if (outcome instanceof InvocationOutcome.Succeeded ok) {
      PluginResponse response = ok.response();
      relay(response.logs());
      AttemptLog attemptLog =
          new AttemptLog(exitCode, stderr, codec.encodeLogs(response.logs()), response.result());
      List<NewJob> children;
      try {
        children = router.route(job, withResult(response.events(), response.result()));
      } catch (EventRejectedException e) {
        // Nothing of this response is committed: no state, no children.
        return Settlement.failed(
            job, JobStatus.DEAD, e.getMessage() + " (not retried)", null, attemptLog);
      }
      return Settlement.succeeded(
          job, response.stateUpdates(), response.stateReplace(), attemptLog, children);
    }
    InvocationOutcome.Failed failed = (InvocationOutcome.Failed) outcome;
    PluginResponse response = failed.response();
    if (response != null) {
      relay(response.logs());
    }
    AttemptLog attemptLog =
        new AttemptLog(
            exitCode,
            stderr,
            response == null ? null : codec.encodeLogs(response.logs()),
            response == null ? null : response.result());
    JobStatus status = result.timedOut() ? JobStatus.TIMED_OUT : JobStatus.FAILED;
    if (!failed.retryable()) {
      return Settlement.failed(
          job, JobStatus.DEAD, failed.error() + " (not retried)", null, attemptLog);
    }
    // With no attempt left the store dead-letters the job ("dead after N of M attempts: …")
    // and the job log still says what this attempt was: failed or timed_out.
    Instant retryAt =
        clock.instant().plus(retry.delayAfter(job.attempt(), plugin.settings().backoffBase()));
    return Settlement.failed(job, status, failed.error(), retryAt, attemptLog);
  }

  /**
   * Starts the plugin process of the job the next claim will most likely take while this one is
   * settled (about 1 ms of spawn beside the settle, the claim and the request). That job is the
   * oldest due one now: the settle's children and retries are runnable no earlier, so only a
   * retry without backoff can come first, and then the runner kills the spare. The spare gets no
   * request until its own job is claimed and the settle before it is durable. A failure here only
   * costs the head start.
   */
  private void prepareNext() {
    try {
      Optional<Job> next = queue.peekNext();
      if (next.isEmpty() || stopping) {
        return;
      }
      Job job = next.get();
      registry
          .current()
          .plugin(job.plugin())
          .filter(p -> p.manifest().supports(job.command()))
          .ifPresent(p -> invoker.prepare(p, job.command()));
    } catch (RuntimeException e) {
      log.debug("could not start the next plugin ahead; it is spawned when claimed", e);
    }
  }

  /**
   * The compatibility rule of SPEC §6: a response's {@code result} is added as {@code result} to
   * the payload of each emitted event that lacks one.
   */
  private List<EmittedEvent> withResult(List<EmittedEvent> events, String result) {
    if (result == null || events.isEmpty()) {
      return events;
    }
    String addition = codec.withEntry(null, "result", result);
    return events.stream()
        .map(e -> new EmittedEvent(e.type(), codec.mergeMissing(e.payload(), addition),
            e.dedupeKey(), e.eventId(), e.context()))
        .toList();
  }

  /**
   * Settles an attempt the dispatcher ran or could not run; counted by its (plugin, command)
   * circuit breaker in the same transaction. The store logs the outcome and tells the settle
   * listeners once it is durable.
   */
  private void settle(Job job, Settlement settlement) {
    int threshold = breakerPolicies.policy(job.plugin()).threshold();
    try {
      queue.settle(settlement.countedByBreaker(threshold));
    } catch (StateTooLargeException e) {
      settleOrWarn(
          Settlement.failed(
                  job,
                  JobStatus.DEAD,
                  e.getMessage() + "; state_updates were not applied (not retried)",
                  null,
                  settlement.log())
              .countedByBreaker(threshold));
    } catch (StaleSettlementException e) {
      log.warn("{}", e.getMessage());
    }
  }

  private void settleOrWarn(Settlement settlement) {
    try {
      queue.settle(settlement);
    } catch (StaleSettlementException e) {
      log.warn("{}", e.getMessage());
    }
  }

  private static void relay(List<LogEntry> entries) {
    for (LogEntry entry : entries) {
      String level = entry.level() == null ? "info" : entry.level();
      switch (level) {
        case "error" -> log.error("plugin log: {}", entry.message());
        case "warn", "warning" -> log.warn("plugin log: {}", entry.message());
        case "debug" -> log.debug("plugin log: {}", entry.message());
        default -> log.info("plugin log: {}", entry.message());
      }
    }
  }

  /** The stderr kept with the attempt: at most 64 KB, with a marker saying what was dropped. */
  static String storedStderr(ProcessResult result) {
    byte[] bytes = result.stderr();
    long total = result.stderrBytes();
    int kept = Math.min(bytes.length, STORED_STDERR_BYTES);
    String text = new String(bytes, 0, kept, StandardCharsets.UTF_8);
    if (total > kept) {
      text += "\n[stderr truncated: " + (total - kept) + " of " + total + " bytes dropped]";
    }
    return text;
  }

  @Override
  public void stop(Duration grace) {
    Thread t;
    synchronized (this) {
      t = thread;
    }
    stopping = true;
    wake();
    if (t == null) {
      return;
    }
    try {
      t.join(Math.max(1, grace.toMillis()));
      if (t.isAlive()) {
        abandonRunning = true;
        ProcessIdentity identity = running.get();
        if (identity != null) {
          log.warn("shutdown grace of {} over; killing plugin process group {}", grace,
              identity.processGroupId());
          processGroups.killGroup(identity, Duration.ofSeconds(1));
        }
        t.join(settings.killGrace().toMillis() + 5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(30));
  }
}
