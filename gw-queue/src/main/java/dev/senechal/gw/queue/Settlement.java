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
    List<NewJob> children) {

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
