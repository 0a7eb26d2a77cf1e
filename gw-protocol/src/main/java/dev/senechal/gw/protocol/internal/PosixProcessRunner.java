package dev.senechal.gw.protocol.internal;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.protocol.PluginProcessRunner;
import dev.senechal.gw.protocol.PluginRunInterruptedException;
import dev.senechal.gw.protocol.PluginSpawnException;
import dev.senechal.gw.protocol.ProcessIdentity;
import dev.senechal.gw.protocol.ProcessObserver;
import dev.senechal.gw.protocol.ProcessResult;
import dev.senechal.gw.protocol.ProcessSpec;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs plugins as POSIX processes (SPEC §6), one process per command.
 *
 * <p><b>Spawn.</b> The command runs through {@code setsid} (the util-linux binary, without {@code
 * --fork}), so the plugin leads a new session and process group: its pid is its process group id,
 * and every process it starts, including grandchildren re-parented to init, stays in that group
 * unless it deliberately starts a session of its own (such a process is beyond reach). The JDK's
 * default launch mechanism is kept. The working directory is the plugin directory and the
 * environment is exactly {@link ProcessSpec#environment()}, nothing inherited. The {@link
 * ProcessObserver} learns the pid, group id and start time right after the spawn, before the
 * request is written: the plugin process runs (its interpreter starts) meanwhile, but cannot have
 * read its request.
 *
 * <p><b>Streams.</b> stdin is written and closed once the observer has returned: on the calling
 * thread when the request fits an empty pipe of the smallest size Linux gives one (4 KB, so the
 * write cannot block), else on a pool thread. A plugin that never reads it, or exits first, is
 * fine: the broken pipe is ignored. stdout and stderr are read concurrently to EOF on pool threads
 * with a fixed 64 KB buffer; up to the cap is kept, the excess is read and discarded, so a plugin
 * writing hundreds of MB neither blocks on a full pipe nor grows the heap.
 *
 * <p><b>Deadline.</b> The deadline is {@code timeout} after the request was handed over (the
 * observer's time is not the plugin's). If the leader is still running then, SIGTERM goes to the
 * whole process group; when the grace has passed and anything of the group is left, SIGKILL goes
 * to the group. The result is {@code timedOut}.
 *
 * <p><b>Timeout edge rule.</b> Only the leader's state at the deadline counts: a leader that exited
 * before the deadline produced a complete response (its stdout was written before it exited) and
 * the run is not a timeout, even if collecting the output, cleaning up its group or a slow
 * classifier runs past the deadline. Once SIGTERM has been sent, the run is a timeout, even if the
 * plugin answers in full and exits 0 during the grace.
 *
 * <p><b>Nothing survives a run.</b> When the leader has ended (by itself or killed), any process
 * still in its group, such as a background child that would otherwise hold stdout open and block
 * EOF forever, gets SIGTERM and, after the grace, SIGKILL. Zombies do not count: they have exited
 * and only wait for a parent (or an init that may never reap them) to collect them. This happens
 * before {@code run} returns, so the caller settles the job only once its group is gone.
 *
 * <p><b>Started ahead.</b> {@link #prepare} spawns a process on the pool and keeps it (one at a
 * time): the next run of the same launch within {@link #SPARE_MAX_AGE} takes it, its deadline and
 * observer as if it had just been spawned; a run of another launch, an older spare, a newer {@code
 * prepare} or {@link #close()} kills it with SIGKILL to its group. It never got a request.
 *
 * <p><b>Interruption.</b> If the calling thread is interrupted, the group gets SIGKILL at once (the
 * caller asked to stop) and {@link PluginRunInterruptedException} is thrown with the interrupt flag
 * restored. If the observer throws, the group gets SIGKILL and the exception is rethrown.
 *
 * <p><b>Limits.</b> If, after the whole group is gone, stdout or stderr stays open for another 2
 * seconds (a process outside the group, such as one that called {@code setsid} itself, holds it),
 * the runner stops waiting, logs a WARN and returns what it read; the reading thread stays blocked
 * until that process closes the pipe. When the leader exits, the JDK moves whatever is still
 * buffered in the pipes into memory; with nothing left in the group writing, that is at most a
 * pipe's capacity (64 KB by default).
 */
public final class PosixProcessRunner implements PluginProcessRunner {
  private static final Logger log = LoggerFactory.getLogger(PosixProcessRunner.class);
  private static final List<Path> SETSID =
      List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
  /** PIPE_BUF, and the smallest capacity Linux gives a pipe: such a request is written inline. */
  static final int INLINE_STDIN_BYTES = 4096;
  /** Runs shorter than this check only the pids allocated after the leader for leftovers. */
  static final Duration QUICK_SCAN_RUNS = Duration.ofSeconds(1);
  /** Up to this many pids allocated since the leader are read one by one, not by listing /proc. */
  static final int PROBED_PIDS = 64;
  private static final Duration OUTPUT_AFTER_GROUP = Duration.ofSeconds(2);
  /** A process started ahead and not taken within this long is not used (its code may be old). */
  public static final Duration SPARE_MAX_AGE = Duration.ofSeconds(1);
  private static final Duration AFTER_SIGKILL = Duration.ofSeconds(5);
  private static final long FIRST_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

  private final ExecutorService pool;
  private final boolean ownsPool;
  private final Clock clock;
  private final Path setsid;
  private final Procfs procfs;
  private final StartTimes startTimes;
  private final GroupSignals signals;
  /** A process started ahead by {@link #prepare}, not yet taken by a run. */
  private final AtomicReference<Spare> spare = new AtomicReference<>();
  private volatile boolean closed;

  /** A process spawned ahead of its run, with the launch it was spawned for. */
  private record Spare(List<String> command, Path directory, Map<String, String> environment,
      Future<Spawned> spawned) {
    boolean fits(ProcessSpec spec) {
      return command.equals(spec.command())
          && directory.equals(spec.workingDirectory())
          && environment.equals(spec.environment());
    }
  }

  /** A spawned process, its identity and when it was spawned ({@link System#nanoTime()}). */
  private record Spawned(Process process, ProcessIdentity identity, long startNanos) {}

  /** A runner with its own cached pool of daemon threads for the streams. */
  @Inject
  public PosixProcessRunner(Clock clock) {
    this(newPool(), true, clock);
  }

  /** A runner whose stream tasks run on {@code pool}; {@link #close()} leaves the pool alone. */
  public PosixProcessRunner(ExecutorService pool, Clock clock) {
    this(pool, false, clock);
  }

  private PosixProcessRunner(ExecutorService pool, boolean ownsPool, Clock clock) {
    this.pool = requireNonNull(pool, "pool is null");
    this.ownsPool = ownsPool;
    this.clock = requireNonNull(clock, "clock is null");
    this.setsid = Executables.require("setsid", SETSID, "install util-linux");
    this.procfs = new Procfs();
    this.startTimes = StartTimes.calibrate(procfs);
    this.signals = new GroupSignals();
  }

  @Override
  public ProcessResult run(ProcessSpec spec, ProcessObserver observer) {
    requireNonNull(spec, "spec is null");
    requireNonNull(observer, "observer is null");
    Spawned spawned = takeSpare(spec);
    if (spawned == null) {
      spawned = spawnNow(spec);
    }
    long start = spawned.startNanos();
    Process process = spawned.process();
    ProcessIdentity identity = spawned.identity();
    OutputCapture stdout = new OutputCapture(spec.stdoutCap());
    OutputCapture stderr = new OutputCapture(spec.stderrCap());
    Future<?> stdoutDone;
    Future<?> stderrDone;
    try {
      stdoutDone = pool.submit(() -> drain(stdout, process.getInputStream()));
      stderrDone = pool.submit(() -> drain(stderr, process.getErrorStream()));
    } catch (RejectedExecutionException e) {
      killNow(identity, process);
      throw new IllegalStateException("the process runner is closed", e);
    }
    log.debug("spawned {} as pid {}", spec.command().get(0), identity.pid());
    try {
      // Before the request is written: whatever the observer does, the plugin cannot have read
      // its request yet (the dispatcher makes the previous settle durable here, SPEC §4).
      observer.started(identity);
    } catch (RuntimeException | Error e) {
      killNow(identity, process);
      throw e;
    }
    if (spec.stdin().length <= INLINE_STDIN_BYTES) {
      // Fits an empty pipe whatever its configured size: the write cannot block.
      feed(process, spec.stdin(), identity.pid());
    } else {
      try {
        pool.submit(() -> feed(process, spec.stdin(), identity.pid()));
      } catch (RejectedExecutionException e) {
        killNow(identity, process);
        throw new IllegalStateException("the process runner is closed", e);
      }
    }
    // The plugin's time starts when it has its request; the observer's is not counted.
    long deadline = System.nanoTime() + spec.timeout().toNanos();

    boolean timedOut = false;
    boolean killedAfterGrace = false;
    try {
      if (!process.waitFor(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)
          && process.isAlive()) {
        timedOut = true;
        log.debug(
            "pid {} still running at its {} deadline; SIGTERM to its group",
            identity.pid(),
            spec.timeout());
        killedAfterGrace = terminate(identity, process, spec.killGrace());
      }
      terminateLeftovers(spec, identity, process, start);
      process.waitFor(AFTER_SIGKILL.toNanos(), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      killNow(identity, process);
      Thread.currentThread().interrupt();
      throw new PluginRunInterruptedException(
          "interrupted while running "
              + spec.command().get(0)
              + " (pid "
              + identity.pid()
              + "); its process group was killed",
          e);
    }
    await(stdoutDone, "stdout", identity);
    await(stderrDone, "stderr", identity);

    Integer exitCode = null;
    Integer signal = null;
    if (process.isAlive()) {
      log.error("pid {} did not end even after SIGKILL", identity.pid());
    } else {
      int status = process.exitValue();
      if (status > 128 && status <= 128 + 64) {
        signal = status - 128;
      } else {
        exitCode = status;
      }
    }
    return new ProcessResult(
        identity,
        exitCode,
        signal,
        timedOut,
        killedAfterGrace,
        stdout.bytes(),
        stdout.total(),
        stdout.capped(),
        stderr.bytes(),
        stderr.total(),
        stderr.capped(),
        Duration.ofNanos(System.nanoTime() - start),
        spec.limits());
  }

  /**
   * Waits for the leftover checks of earlier runs, then stops the runner's own pool; a pool passed
   * in belongs to its owner.
   */
  @Override
  public void close() {
    closed = true;
    discard(spare.getAndSet(null));
    if (ownsPool) {
      pool.shutdownNow();
    }
  }

  @Override
  public void prepare(ProcessSpec spec) {
    requireNonNull(spec, "spec is null");
    if (closed) {
      return;
    }
    Spare ahead;
    try {
      ahead =
          new Spare(spec.command(), spec.workingDirectory(), spec.environment(),
              pool.submit(() -> spawnNow(spec)));
    } catch (RejectedExecutionException e) {
      return; // closed: the run will say so
    }
    discard(spare.getAndSet(ahead));
    if (closed) {
      discard(spare.getAndSet(null)); // close() ran meanwhile and missed this one
    }
  }

  private Spawned spawnNow(ProcessSpec spec) {
    long start = System.nanoTime();
    Process process = spawn(spec);
    return new Spawned(process, identify(process), start);
  }

  /**
   * The spare process when it was spawned for {@code spec}'s launch, else {@code null} (a spare for
   * another launch is killed). A spare whose spawn failed fails this run the same way.
   */
  private Spawned takeSpare(ProcessSpec spec) {
    Spare ahead = spare.getAndSet(null);
    if (ahead == null) {
      return null;
    }
    if (!ahead.fits(spec)) {
      discard(ahead);
      return null;
    }
    try {
      Spawned spawned = ahead.spawned().get();
      if (System.nanoTime() - spawned.startNanos() > SPARE_MAX_AGE.toNanos()) {
        // Waited too long for its job: the plugin may have been replaced on disk meanwhile.
        discard(ahead);
        return null;
      }
      return spawned;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure; // PluginSpawnException, as from a spawn here
      }
      throw new IllegalStateException("spawning ahead failed", e.getCause());
    } catch (InterruptedException e) {
      discard(ahead);
      Thread.currentThread().interrupt();
      throw new PluginRunInterruptedException(
          "interrupted while taking a process started ahead", e);
    }
  }

  /**
   * Kills a spare process that no run took (it never got a request) and closes its pipes. Waits
   * for a spawn still in flight even when interrupted: a spare must never be left behind.
   */
  private void discard(Spare unused) {
    if (unused == null) {
      return;
    }
    Spawned spawned = null;
    boolean interrupted = false;
    while (spawned == null) {
      try {
        spawned = unused.spawned().get();
      } catch (ExecutionException | CancellationException e) {
        break; // never started
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (spawned == null) {
      return;
    }
    log.debug("killing pid {}, started ahead for {} and not used", spawned.identity().pid(),
        unused.command().get(0));
    killNow(spawned.identity(), spawned.process());
    closeQuietly(spawned.process());
  }

  private static void closeQuietly(Process process) {
    for (java.io.Closeable stream :
        List.<java.io.Closeable>of(
            process.getOutputStream(), process.getInputStream(), process.getErrorStream())) {
      try {
        stream.close();
      } catch (IOException e) {
        log.debug("closing a pipe of pid {} failed", process.pid(), e);
      }
    }
  }

  /** Terminates, now, whatever the ended run left in its process group. */
  private void terminateLeftovers(
      ProcessSpec spec, ProcessIdentity identity, Process process, long startNanos)
      throws InterruptedException {
    List<Long> left = leftInGroup(identity, startNanos);
    if (!left.isEmpty()) {
      log.warn(
          "plugin {} (pid {}) ended but left {} process(es) in its group {}; terminating them",
          spec.command().get(0),
          identity.pid(),
          left.size(),
          left);
      terminate(identity, process, spec.killGrace());
    }
  }

  private Process spawn(ProcessSpec spec) {
    List<String> command = new ArrayList<>(spec.command().size() + 1);
    command.add(setsid.toString());
    command.addAll(spec.command());
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(spec.workingDirectory().toFile());
    builder.environment().clear();
    builder.environment().putAll(spec.environment());
    try {
      return builder.start();
    } catch (IOException e) {
      throw new PluginSpawnException(
          "cannot start "
              + spec.command().get(0)
              + " in "
              + spec.workingDirectory()
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private ProcessIdentity identify(Process process) {
    // Read at once: a plugin that exits within a millisecond may be reaped before a later look.
    Instant startedAt = startTimes.of(process.pid()).orElse(null);
    if (startedAt == null) {
      startedAt = clock.instant();
      log.debug("no start time for pid {} (already gone); using the clock", process.pid());
    }
    // setsid makes the pid the process group id before the plugin's own code runs.
    return new ProcessIdentity(process.pid(), process.pid(), startedAt);
  }

  /**
   * SIGTERM to the group, up to {@code grace} for the group to empty, then SIGKILL to whatever is
   * left.
   *
   * @return whether the leader was still running when the grace expired
   */
  private boolean terminate(ProcessIdentity identity, Process process, Duration grace)
      throws InterruptedException {
    long group = identity.processGroupId();
    if (!signals.signal(group, "TERM") && process.isAlive()) {
      // The group does not exist yet: setsid has not run. Signal the leader alone.
      process.toHandle().destroy();
    }
    awaitGroupGone(group, process, System.nanoTime() + grace.toNanos());
    boolean leaderSurvived = process.isAlive();
    if (leaderSurvived || !procfs.members(group).isEmpty()) {
      log.debug("process group {} outlived the {} grace; SIGKILL", group, grace);
      sigkill(group, process);
      if (!awaitGroupGone(group, process, System.nanoTime() + AFTER_SIGKILL.toNanos())) {
        log.error(
            "process group {} still has members {} after SIGKILL", group, procfs.members(group));
      }
    }
    return leaderSurvived;
  }

  /**
   * SIGKILL to the group without grace, then up to 5 s for it to disappear; used when the run is
   * abandoned. Never throws; keeps the caller's interrupt flag.
   */
  private void killNow(ProcessIdentity identity, Process process) {
    boolean interrupted = Thread.interrupted();
    try {
      sigkill(identity.processGroupId(), process);
      if (!awaitGroupGone(
          identity.processGroupId(), process, System.nanoTime() + AFTER_SIGKILL.toNanos())) {
        log.error(
            "process group {} still has members {} after SIGKILL",
            identity.processGroupId(),
            procfs.members(identity.processGroupId()));
      }
    } catch (InterruptedException e) {
      interrupted = true;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void sigkill(long group, Process process) {
    signals.signal(group, "KILL");
    if (process.isAlive()) {
      process.toHandle().destroyForcibly();
    }
  }

  /**
   * The live processes left in the plugin's group after its leader ended. Members descend from the
   * leader, so their pids are above its pid unless pid allocation wrapped around meanwhile; for a run
   * shorter than {@link #QUICK_SCAN_RUNS} with the last allocated pid still above the leader's (no
   * wrap: a full wrap needs {@code pid_max} forks within that time) only those pids are read: one
   * by one when they are fewer than {@link #PROBED_PIDS}, else from a listing of {@code /proc}.
   * Anything else scans every process.
   */
  private List<Long> leftInGroup(ProcessIdentity identity, long startNanos) {
    long group = identity.processGroupId();
    boolean shortRun = System.nanoTime() - startNanos < QUICK_SCAN_RUNS.toNanos();
    OptionalLong last = shortRun ? procfs.lastAllocatedPid() : OptionalLong.empty();
    if (last.isEmpty() || last.getAsLong() < identity.pid()) {
      return procfs.members(group);
    }
    // Few pids were allocated since the leader: read just those. A member that forks meanwhile
    // gets a pid above the last one read, so read on until the last allocated pid stands still.
    long low = identity.pid();
    long high = last.getAsLong();
    List<Long> members = new ArrayList<>();
    while (high - low < PROBED_PIDS) {
      members.addAll(procfs.members(group, low, high));
      OptionalLong now = procfs.lastAllocatedPid();
      if (now.isEmpty() || now.getAsLong() < high) {
        return procfs.members(group); // wrapped around meanwhile
      }
      if (now.getAsLong() == high) {
        return members;
      }
      low = high + 1;
      high = now.getAsLong();
    }
    return procfs.members(group, identity.pid());
  }

  /** Polls until the leader has ended and the group is empty, or until {@code deadline}. */
  private boolean awaitGroupGone(long group, Process process, long deadline)
      throws InterruptedException {
    long pause = FIRST_POLL_NANOS;
    while (true) {
      if (!process.isAlive() && procfs.members(group).isEmpty()) {
        return true;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      long wait = Math.min(pause, left);
      if (process.isAlive()) {
        process.waitFor(wait, TimeUnit.NANOSECONDS);
      } else {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      pause = Math.min(pause * 2, MAX_POLL_NANOS);
    }
  }

  private static void await(Future<?> done, String stream, ProcessIdentity identity) {
    try {
      done.get(OUTPUT_AFTER_GROUP.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "{} of pid {} is still open after its process group ended (held by a process outside"
              + " the group); returning the output read so far",
          stream,
          identity.pid());
    } catch (ExecutionException e) {
      log.warn(
          "reading {} of pid {} failed; returning the output read so far",
          stream,
          identity.pid(),
          e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Void drain(OutputCapture capture, InputStream in) throws IOException {
    try (in) {
      capture.drain(in);
    }
    return null;
  }

  private static void feed(Process process, byte[] stdin, long pid) {
    try (OutputStream out = process.getOutputStream()) {
      out.write(stdin);
    } catch (IOException e) {
      // The plugin exited or closed stdin without reading all of it (EPIPE): its business.
      log.debug("pid {} did not read all of its stdin: {}", pid, e.toString());
    }
  }

  private static ExecutorService newPool() {
    AtomicInteger count = new AtomicInteger();
    ThreadFactory factory =
        runnable -> {
          Thread thread = new Thread(runnable, "plugin-io-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    return Executors.newCachedThreadPool(factory);
  }
}
