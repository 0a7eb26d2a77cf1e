package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

/**
 * One settled outcome, as every {@link SettleListener} is told of it: whoever produced it (the
 * dispatcher, crash recovery, a reload), it was written by the same code in one transaction (job
 * row, job-log row, circuit breaker) and is reported once, after that transaction is durable.
 *
 * @param job the job as it now stands: {@code queued} again for a retry, else terminal
 * @param attempt the attempt that was settled (the job's attempt before a re-queue)
 * @param attemptStatus what the job log records for that attempt: {@code succeeded}, {@code
 *     failed}, {@code timed_out} or {@code dead}
 * @param source who produced the outcome
 * @param breaker the change made to the (plugin, command) circuit breaker in the same transaction,
 *     or {@code null} when the outcome does not count for the breaker (crash recovery, reload) or
 *     it changed nothing
 */
public record SettledAttempt(
    Job job, int attempt, JobStatus attemptStatus, SettleSource source, BreakerTransition breaker) {

  public SettledAttempt {
    requireNonNull(job, "job is null");
    requireNonNull(attemptStatus, "attemptStatus is null");
    requireNonNull(source, "source is null");
  }

  /** Whether the job is settled for good (not re-queued for another attempt). */
  public boolean isFinal() {
    return job.status().isTerminal();
  }
}
