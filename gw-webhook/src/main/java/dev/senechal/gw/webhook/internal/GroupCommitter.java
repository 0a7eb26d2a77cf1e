package dev.senechal.gw.webhook.internal;

import static java.util.Objects.requireNonNull;

import dev.senechal.gw.queue.Delivery;
import dev.senechal.gw.queue.EnqueueResult;
import dev.senechal.gw.queue.JobQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Group commit of webhook deliveries: the deliveries that arrive while a commit is syncing are
 * stored together by the next one, in ONE transaction ({@link JobQueue#enqueueDeliveries}). No
 * thread of its own: the first waiting request thread that finds no commit running commits
 * everything pending (its own delivery included), then hands the lead to the next. Each caller
 * returns only once the transaction holding ITS delivery is durable; when that transaction fails
 * every caller in it gets the failure, and nothing of theirs was written.
 */
final class GroupCommitter {
  /** At most this many deliveries per transaction (the listener has fewer threads anyway). */
  static final int MAX_BATCH = 256;

  private final JobQueue queue;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition settled = lock.newCondition();
  private List<Pending> pending = new ArrayList<>(); // guarded by lock
  private boolean committing; // guarded by lock

  GroupCommitter(JobQueue queue) {
    this.queue = requireNonNull(queue, "queue is null");
  }

  /** One delivery waiting for its commit. */
  private static final class Pending {
    final Delivery delivery;
    EnqueueResult result; // guarded by lock
    RuntimeException failure; // guarded by lock

    Pending(Delivery delivery) {
      this.delivery = delivery;
    }

    boolean done() {
      return result != null || failure != null;
    }
  }

  /**
   * Stores {@code delivery} durably (or finds its replay) and returns the outcome.
   *
   * @throws RuntimeException whatever the store threw for the transaction holding the delivery
   */
  EnqueueResult commit(Delivery delivery) {
    Pending mine = new Pending(requireNonNull(delivery, "delivery is null"));
    lock.lock();
    try {
      pending.add(mine);
      while (!mine.done()) {
        if (committing) {
          settled.awaitUninterruptibly();
        } else {
          commitPending();
        }
      }
      return outcome(mine);
    } finally {
      lock.unlock();
    }
  }

  /** Deliveries waiting for a commit to start (for tests). */
  int waiting() {
    lock.lock();
    try {
      return pending.size();
    } finally {
      lock.unlock();
    }
  }

  /** Commits the oldest pending deliveries; called holding the lock, releases it meanwhile. */
  private void commitPending() {
    committing = true;
    List<Pending> batch;
    if (pending.size() <= MAX_BATCH) {
      batch = pending;
      pending = new ArrayList<>();
    } else {
      batch = new ArrayList<>(pending.subList(0, MAX_BATCH));
      pending = new ArrayList<>(pending.subList(MAX_BATCH, pending.size()));
    }
    List<EnqueueResult> results = null;
    RuntimeException failure = null;
    lock.unlock();
    try {
      results = queue.enqueueDeliveries(batch.stream().map(p -> p.delivery).toList());
      if (results.size() != batch.size()) {
        failure =
            new IllegalStateException(
                "the store answered " + results.size() + " results for " + batch.size());
      }
    } catch (RuntimeException e) {
      failure = e;
    } catch (Error e) {
      // Still settle the batch, so no request thread waits forever for a commit that died.
      failure = new IllegalStateException("storing webhook deliveries failed: " + e, e);
    } finally {
      lock.lock();
    }
    for (int i = 0; i < batch.size(); i++) {
      Pending p = batch.get(i);
      if (failure == null) {
        p.result = results.get(i);
      } else {
        p.failure = failure;
      }
    }
    committing = false;
    settled.signalAll();
  }

  private static EnqueueResult outcome(Pending p) {
    if (p.failure != null) {
      throw p.failure;
    }
    return p.result;
  }
}
