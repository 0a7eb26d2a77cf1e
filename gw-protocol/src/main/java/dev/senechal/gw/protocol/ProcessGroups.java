package dev.senechal.gw.protocol;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.protocol.internal.GroupSignals;
import dev.senechal.gw.protocol.internal.ProcStat;
import dev.senechal.gw.protocol.internal.Procfs;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and kills plugin process groups by their recorded {@link ProcessIdentity} (SPEC §9): crash
 * recovery uses it on start to kill a plugin that outlived a crashed daemon, and the dispatcher to
 * kill a running plugin on shutdown. Linux only: it reads {@code /proc} and signals through the
 * system {@code kill}.
 *
 * <p>Zombies (processes that have exited but were not yet collected by their parent) are not
 * members: they cannot act, and an init that never reaps them would otherwise keep a group alive
 * forever.
 */
public final class ProcessGroups {
  private static final Logger log = LoggerFactory.getLogger(ProcessGroups.class);
  private static final Duration AFTER_SIGKILL = Duration.ofSeconds(5);
  private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(25);

  private final Procfs procfs;
  private final GroupSignals signals;

  @Inject
  public ProcessGroups() {
    this.procfs = new Procfs();
    this.signals = new GroupSignals();
  }

  /**
   * Whether anything of the recorded plugin may still run: the leader exists (not a zombie) with
   * the recorded start time, or, when the leader is gone (or a zombie), some live process still has
   * the recorded process group id.
   *
   * <p>When a live process with the leader's pid exists but started at another time, the pid was
   * reused. Linux does not hand out a pid while a process group of that id still exists, so for a
   * leader whose pid was its group id ({@code pid == processGroupId}, as for every plugin the
   * runner spawns) the recorded group is then certainly gone and any members of a group with that
   * id belong to someone else: the answer is {@code false}.
   *
   * <p>The start time is compared as {@link ProcessHandle.Info#startInstant()} computes it (the
   * kernel's start tick plus the boot time). Stepping the wall clock between recording and checking
   * shifts the boot time Linux reports, so a live plugin can then look dead, and crash recovery
   * leaves it alone rather than risk killing a stranger.
   */
  public boolean isAlive(ProcessIdentity identity) {
    requireNonNull(identity, "identity is null");
    Optional<ProcStat> leader = procfs.stat(identity.pid());
    if (leader.isPresent() && leader.get().isLive()) {
      if (startInstant(identity.pid()).map(identity.startedAt()::equals).orElse(false)) {
        return true;
      }
      if (identity.pid() == identity.processGroupId()) {
        return false;
      }
    }
    return !procfs.members(identity.processGroupId()).isEmpty();
  }

  /**
   * The live processes (zombies excluded) whose process group id is {@code processGroupId}, by pid
   * in ascending order; empty when the group is gone. Read from {@code /proc/<pid>/stat}.
   */
  public List<Long> members(long processGroupId) {
    return procfs.members(processGroupId);
  }

  /**
   * Kills the recorded plugin's whole process group: SIGTERM, up to {@code grace} for the group to
   * empty, then SIGKILL, then up to 5 s for the group to disappear. Does nothing when {@link
   * #isAlive} says the plugin is gone.
   *
   * @return whether the group was alive and was signalled
   */
  public boolean killGroup(ProcessIdentity identity, Duration grace) {
    requireNonNull(identity, "identity is null");
    requireNonNull(grace, "grace is null");
    if (!isAlive(identity)) {
      return false;
    }
    long group = identity.processGroupId();
    if (!signals.signal(group, "TERM")) {
      // No such group (the leader had not reached setsid): signal the leader alone.
      ProcessHandle.of(identity.pid())
          .filter(h -> h.info().startInstant().map(identity.startedAt()::equals).orElse(false))
          .ifPresent(ProcessHandle::destroy);
    }
    if (awaitEmpty(identity, grace)) {
      return true;
    }
    log.debug("process group {} outlived the {} grace; SIGKILL", group, grace);
    signals.signal(group, "KILL");
    ProcessHandle.of(identity.pid())
        .filter(h -> h.info().startInstant().map(identity.startedAt()::equals).orElse(false))
        .ifPresent(ProcessHandle::destroyForcibly);
    if (!awaitEmpty(identity, AFTER_SIGKILL)) {
      log.error("process group {} still has members {} after SIGKILL", group, members(group));
    }
    return true;
  }

  private boolean awaitEmpty(ProcessIdentity identity, Duration limit) {
    long deadline = System.nanoTime() + limit.toNanos();
    long pause = TimeUnit.MILLISECONDS.toNanos(2);
    while (isAlive(identity)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      try {
        TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      pause = Math.min(pause * 2, MAX_POLL_NANOS);
    }
    return true;
  }

  private static Optional<Instant> startInstant(long pid) {
    return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
  }
}
