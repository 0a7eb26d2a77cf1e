package dev.senechal.gw.queue;

/** An operation named a job the store does not have. */
public class JobNotFoundException extends QueueException {
  private final String jobId;

  public JobNotFoundException(String jobId) {
    super("no job " + jobId);
    this.jobId = jobId;
  }

  public String jobId() {
    return jobId;
  }
}
