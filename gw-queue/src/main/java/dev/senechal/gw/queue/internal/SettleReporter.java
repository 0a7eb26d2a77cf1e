package dev.senechal.gw.queue.internal;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.queue.SettledAttempt;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes committed settles durable and reports them, on a thread of its own, so the dispatcher
 * claims and runs the next job while the disk syncs the previous one's settle.
 *
 * <p>A settle commits without a sync ({@code synchronous=NORMAL}: its WAL frames are written to the
 * OS, not forced to the disk) and hands its outcomes here. This thread takes everything handed in
 * so far, syncs the WAL file once ({@code fdatasync}: the same sync a {@code synchronous=FULL}
 * commit makes in WAL mode), then reports each outcome in commit order. A sync that several settles
 * wait for covers them all. When the store is not configured {@code FULL} or {@code EXTRA} there is
 * nothing to sync and outcomes are only reported.
 *
 * <p>Every {@link #CHECKPOINT_EVERY} outcomes, after reporting them, this thread also runs a passive
 * checkpoint, so the dispatcher's commits never carry one (see {@code SqliteStore#checkpoint}).
 *
 * <p>Only this process's settles come here, and it alone writes to the WAL file through SQLite;
 * this class only ever forces it. The channel stays open until {@link #close()}: closing any
 * descriptor of a file drops the process's POSIX locks on it, and although SQLite locks the
 * database and {@code -shm} files, not the WAL, a file opened once is the safe habit.
 */
final class SettleReporter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SettleReporter.class);
  /**
   * Outcomes between two checkpoints: a settle writes about a dozen WAL pages, so the WAL stays
   * under SQLite's usual 1000 pages.
   */
  static final int CHECKPOINT_EVERY = 64;

  private final Path wal;
  private final boolean sync;
  private final Consumer<SettledAttempt> report;
  private final Runnable checkpoint;
  private int sinceCheckpoint; // only the reporting thread uses it
  private final Object lock = new Object();
  private List<SettledAttempt> pending = new ArrayList<>(); // guarded by lock
  private long submitted; // batches handed in; guarded by lock
  private long reported; // batches reported; guarded by lock
  private boolean closing; // guarded by lock
  private Thread thread; // guarded by lock
  private FileChannel channel; // only the reporting thread uses it

  /**
   * @param wal the database's {@code -wal} file
   * @param sync whether to force it before reporting (the store is {@code FULL} or {@code EXTRA})
   * @param report called for each outcome, in commit order, on the reporting thread
   * @param checkpoint run on the reporting thread after every {@link #CHECKPOINT_EVERY} outcomes
   */
  SettleReporter(
      Path wal, boolean sync, Consumer<SettledAttempt> report, Runnable checkpoint) {
    this.wal = requireNonNull(wal, "wal is null");
    this.sync = sync;
    this.report = requireNonNull(report, "report is null");
    this.checkpoint = requireNonNull(checkpoint, "checkpoint is null");
  }

  /** Hands in the outcomes of one committed transaction. */
  void submit(List<SettledAttempt> outcomes) {
    if (outcomes.isEmpty()) {
      return;
    }
    synchronized (lock) {
      if (closing) {
        // Committed while the store was closing (a dispatcher that outlived its stop): the write
        // stands; report it here rather than lose the report.
        log.warn("{} settle(s) committed while the store was closing; reporting them unsynced",
            outcomes.size());
        outcomes.forEach(this::reportQuietly);
        return;
      }
      pending.addAll(outcomes);
      submitted++;
      if (thread == null || !thread.isAlive()) { // first use, or an Error ended the last one
        thread = new Thread(this::loop, "gw-settle-sync");
        thread.setDaemon(true);
        thread.start();
      }
      lock.notifyAll();
    }
  }

  /**
   * Blocks until everything submitted before the call is durable and reported (and a checkpoint
   * that came due with it has run); returns at once on
   * the reporting thread itself (a listener cannot wait for its own report).
   */
  void awaitReported() {
    synchronized (lock) {
      if (Thread.currentThread() == thread) {
        return;
      }
      long target = submitted;
      boolean interrupted = false;
      while (reported < target && thread != null && thread.isAlive()) {
        try {
          lock.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void loop() {
    while (true) {
      List<SettledAttempt> batch;
      long upTo;
      synchronized (lock) {
        while (pending.isEmpty() && !closing) {
          try {
            lock.wait();
          } catch (InterruptedException e) {
            // Only close() stops this thread, after it has drained what is pending.
          }
        }
        if (pending.isEmpty()) {
          return; // closing, nothing left
        }
        batch = pending;
        pending = new ArrayList<>();
        upTo = submitted;
      }
      if (sync) {
        force();
      }
      batch.forEach(this::reportQuietly);
      sinceCheckpoint += batch.size();
      if (sinceCheckpoint >= CHECKPOINT_EVERY) {
        sinceCheckpoint = 0;
        try {
          checkpoint.run();
        } catch (RuntimeException e) {
          log.warn("checkpoint failed; the next one catches up", e);
        }
      }
      synchronized (lock) {
        reported = upTo; // after the checkpoint, so awaitReported() also waits for a due one
        lock.notifyAll();
      }
    }
  }

  private void reportQuietly(SettledAttempt outcome) {
    try {
      report.accept(outcome);
    } catch (RuntimeException e) {
      log.error("reporting the settle of job {} failed", outcome.job().id(), e);
    }
  }

  private void force() {
    try {
      if (channel == null) {
        channel = FileChannel.open(wal, StandardOpenOption.WRITE);
      }
      channel.force(false);
    } catch (IOException e) {
      // The settle is committed (readers and the next claim see it); only its survival of a power
      // loss is in doubt. Say so, and try a fresh descriptor next time.
      log.error(
          "cannot sync {}: the settles reported now may not survive a power loss or OS crash",
          wal,
          e);
      closeChannel();
    }
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        log.debug("closing {} failed", wal, e);
      }
      channel = null;
    }
  }

  /** Syncs and reports everything pending, then stops the thread. */
  @Override
  public void close() {
    Thread t;
    synchronized (lock) {
      closing = true;
      lock.notifyAll();
      t = thread;
    }
    if (t != null) {
      boolean interrupted = false;
      while (t.isAlive()) {
        try {
          t.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    closeChannel();
  }
}
