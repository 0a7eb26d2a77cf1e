package dev.senechal.gw.queue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable work queue (SPEC §4): the only way work enters the gateway. Backend-neutral: nothing
 * outside gw-queue may assume SQLite, one process or a local file.
 */
public interface JobQueue {

  /**
   * Enqueues durably; when this returns, the job survives a crash. A dedupe hit enqueues nothing
   * and returns the existing job's id.
   */
  EnqueueResult enqueue(NewJob job);

  /**
   * Enqueues the jobs of several deliveries in ONE durable transaction (group commit: one sync for
   * all), storing each delivery id with its job. A delivery whose {@code (endpoint, deliveryId)}
   * was stored within {@link Delivery#REPLAY_WINDOW} (also earlier in the same list) enqueues
   * nothing: its result is the first delivery's job id with {@code deduplicated} true.
   *
   * @return one result per delivery, in order
   * @throws QueueException the transaction failed; nothing of any delivery was written
   */
  default List<EnqueueResult> enqueueDeliveries(List<Delivery> deliveries) {
    throw new UnsupportedOperationException(
        getClass().getSimpleName() + " does not store webhook deliveries");
  }

  /**
   * Claims the oldest runnable job ({@code queued} and due) and marks it {@code running}, in one
   * transaction.
   */
  Optional<Job> claimNext();

  /**
   * The job {@link #claimNext} would claim now, without claiming it: a hint (the dispatcher starts
   * that job's plugin process ahead while it settles the previous job), since another job may
   * come first by the time of the claim. Read-only.
   */
  Optional<Job> peekNext();

  /** Records the plugin process of a running job's current attempt. */
  void recordProcess(String jobId, int attempt, ProcessRef process);

  /**
   * Applies an attempt's outcome atomically (status, state, job-log row, children and, when the
   * settlement asks for it, the circuit breaker) and returns the job as it now stands. The write is
   * visible to the next claim and read at once; it is durable, and reported to the {@linkplain
   * #addSettleListener settle listeners}, shortly after (see {@link #awaitReported()}).
   *
   * @throws StaleSettlementException the attempt is not current; nothing was written
   * @throws StateTooLargeException the merged state is over the cap; nothing was written
   */
  Job settle(Settlement settlement);

  /** Jobs currently {@code running}, oldest first. */
  List<Job> running();

  /**
   * Crash recovery: every {@code running} job goes back to {@code queued} with attempt+1, or to
   * {@code dead} when that would exceed its max attempts; each gets a job-log row. Settled like any
   * attempt and reported to the settle listeners (source {@link SettleSource#RECOVERY}) before this
   * returns; not counted by circuit breakers.
   */
  List<OrphanRecovery> recoverOrphans();

  /**
   * Dead-letters every {@code queued} job of {@code plugin} (due or waiting for a retry) in one
   * transaction: each becomes {@code dead} with {@code reason} as its last error, completed now,
   * and gets a job-log row carrying the reason. A {@code running} job is left alone. Used when a
   * reload removes, disables or refuses the plugin (SPEC §9). Settled like any attempt and reported
   * to the settle listeners (source {@link SettleSource#RELOAD}) before this returns; not counted by
   * circuit breakers.
   *
   * @return the jobs as they now stand, oldest first; empty when none was queued
   */
  List<Job> deadLetterQueued(String plugin, String reason);

  Optional<Job> find(String jobId);

  List<Job> list(JobQuery query);

  /** The job log of one job, oldest attempt first. */
  List<JobLogEntry> attempts(String jobId);

  /** Jobs of this plugin and command that are {@code queued} or {@code running}. */
  int countOutstanding(String plugin, String command);

  /** Jobs that are {@code queued} (due or not) or {@code running}. */
  int depth();

  /** How many jobs are in each status; a status without jobs is absent. */
  Map<JobStatus, Integer> countByStatus();

  /**
   * The newest {@code limit} job-log rows, of {@code plugin} only unless it is {@code null}, oldest
   * first.
   */
  List<JobLogLine> jobLogTail(String plugin, int limit);

  /**
   * Up to {@code limit} job-log rows written after the row {@code afterId}, of {@code plugin} only
   * unless it is {@code null}, in the order they were written.
   */
  List<JobLogLine> jobLogAfter(String plugin, long afterId, int limit);

  /** The jobs enqueued by the settle of {@code parentJobId}, in the order they were enqueued. */
  List<Job> children(String parentJobId);

  /** {@link #retry(String, String, SubmittedBy)} by the CLI ({@code job retry}). */
  default Job retry(String jobId, String payload) {
    return retry(jobId, payload, SubmittedBy.CLI);
  }

  /**
   * An operator's retry (SPEC §9, {@code job retry}, {@code POST /api/jobs/{id}/retry}): in one
   * transaction, enqueues a new job that replays the {@code failed}, {@code timed_out} or {@code
   * dead} job {@code jobId}: same plugin, command, context and max attempts, attempt 1, submitted
   * by {@code submittedBy}, no dedupe key, no parent, {@code retry_of} = {@code jobId}. A job is retried at most once (retry the retry
   * instead), so repeating a bulk retry replays nothing twice.
   *
   * @param payload the new job's payload (a JSON object), or {@code null} for the original's
   * @return the new job as stored
   * @throws JobNotFoundException there is no job {@code jobId}
   * @throws JobNotRetryableException the job is queued, running or succeeded, or was already
   *     retried; nothing was written
   * @throws IllegalArgumentException {@code payload} is not a JSON object
   */
  Job retry(String jobId, String payload, SubmittedBy submittedBy);

  /** The jobs enqueued as retries of {@code jobId} ({@link #retry}), oldest first. */
  List<Job> retries(String jobId);

  /** The earliest instant a queued job becomes runnable, if any job is queued. */
  Optional<Instant> nextDueAt();

  /**
   * Deletes job-log rows of attempts completed before {@code cutoff}; returns how many. Also
   * forgets delivery ids older than {@link Delivery#REPLAY_WINDOW}.
   */
  int pruneJobLog(Instant cutoff);

  /**
   * Told of every attempt this process settles, whoever settled it, once the write is durable (see
   * {@link SettleListener}). Register before the first settle: earlier outcomes are not replayed.
   */
  void addSettleListener(SettleListener listener);

  /**
   * Blocks until every settle this process committed before the call is durable and has been
   * reported to the settle listeners. The dispatch loop does not wait for this; tools and tests
   * that settle one job and then look at what its listeners did do.
   */
  void awaitReported();

  /**
   * Called after each enqueue this process commits (never inside the transaction), so a waiting
   * dispatcher wakes at once. Enqueues by other processes are found by polling.
   */
  void addEnqueueListener(Runnable listener);

  /**
   * How many enqueues were dropped as duplicates of this job (SPEC §4: shown with its job log).
   * Counts are kept as long as the job log; a backend that does not count returns 0.
   */
  default long dedupeHits(String jobId) {
    return 0;
  }

  /**
   * How many enqueues were dropped as duplicates, over the job-log retention (SPEC §4: shown by
   * {@code status}); a backend that does not count returns 0.
   */
  default long dedupeHits() {
    return 0;
  }
}
