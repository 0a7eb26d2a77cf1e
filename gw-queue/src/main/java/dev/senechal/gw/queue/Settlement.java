package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of one attempt, applied by {@link JobQueue#settle} in ONE transaction: the job's new
 * status, the plugin state change, the job-log row and every child job (SPEC §4).
 *
 * @param attempt the attempt this outcome belongs to; a settle for any other attempt is refused
 *     (fencing)
 * @param outcome {@code SUCCEEDED}, {@code FAILED}, {@code TIMED_OUT} or {@code DEAD}
 * @param retryAt when set (only for {@code FAILED}/{@code TIMED_OUT}), the job goes back to {@code
 *     queued} with attempt+1, not runnable before this instant
 * @param stateUpdates a JSON object shallow-merged into the plugin's state (or replacing it when
 *     {@code stateReplace}); {@code null} for no change
 * @param children jobs caused by this attempt, enqueued only if the settle commits
 * @param breakerThreshold when above 0, the attempt counts for the circuit breaker of its (plugin,
 *     command), which opens at this many consecutive failures ({@link BreakerState#failed}); the
 *     breaker is updated in the settle's own transaction. 0: the breaker is left alone
 */
public record Settlement(
    String jobId,
    int attempt,
    JobStatus outcome,
    String lastError,
    Instant retryAt,
    String stateUpdates,
    boolean stateReplace,
    AttemptLog log,
    List<NewJob> children,
    int breakerThreshold) {

  public Settlement {
    requireNonNull(jobId, "jobId is null");
    requireNonNull(outcome, "outcome is null");
    requireNonNull(log, "log is null");
    children = List.copyOf(children);
    if (!outcome.isTerminal()) {
      throw new IllegalArgumentException("a settlement needs a terminal outcome, got " + outcome);
    }
    if (retryAt != null && outcome != JobStatus.FAILED && outcome != JobStatus.TIMED_OUT) {
      throw new IllegalArgumentException("only a failed or timed-out attempt can be retried");
    }
    if (breakerThreshold < 0) {
      throw new IllegalArgumentException("breakerThreshold is negative: " + breakerThreshold);
    }
  }

  /** A settlement that leaves the circuit breaker alone. */
  public Settlement(
      String jobId,
      int attempt,
      JobStatus outcome,
      String lastError,
      Instant retryAt,
      String stateUpdates,
      boolean stateReplace,
      AttemptLog log,
      List<NewJob> children) {
    this(jobId, attempt, outcome, lastError, retryAt, stateUpdates, stateReplace, log, children, 0);
  }

  /** This settlement, counted for the circuit breaker of its (plugin, command). */
  public Settlement countedByBreaker(int threshold) {
    if (threshold < 1) {
      throw new IllegalArgumentException("threshold must be at least 1, was " + threshold);
    }
    return new Settlement(jobId, attempt, outcome, lastError, retryAt, stateUpdates, stateReplace,
        log, children, threshold);
  }

  public static Settlement succeeded(
      Job job, String stateUpdates, boolean stateReplace, AttemptLog log, List<NewJob> children) {
    return new Settlement(job.id(), job.attempt(), JobStatus.SUCCEEDED, null, null, stateUpdates,
        stateReplace, log, children);
  }

  public static Settlement failed(
      Job job, JobStatus outcome, String error, Instant retryAt, AttemptLog log) {
    return new Settlement(job.id(), job.attempt(), outcome, error, retryAt, null, false, log,
        List.of());
  }
}
