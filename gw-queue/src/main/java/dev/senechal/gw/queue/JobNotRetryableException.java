package dev.senechal.gw.queue;

/**
 * A {@link JobQueue#retry} was refused: the job is not in a failed terminal state ({@code failed},
 * {@code timed_out}, {@code dead}) or it was already retried. Nothing was written.
 */
public class JobNotRetryableException extends QueueException {
  private final String jobId;
  private final JobStatus status;

  public JobNotRetryableException(String jobId, JobStatus status, String reason) {
    super("cannot retry job " + jobId + ": " + reason);
    this.jobId = jobId;
    this.status = status;
  }

  public String jobId() {
    return jobId;
  }

  /** The job's status when the retry was refused. */
  public JobStatus status() {
    return status;
  }
}
