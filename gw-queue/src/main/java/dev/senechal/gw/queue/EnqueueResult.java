package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

/**
 * The answer to an enqueue.
 *
 * @param jobId the new job's id, or the existing job's id when the enqueue was deduplicated
 * @param deduplicated true when nothing was enqueued because of a dedupe hit
 */
public record EnqueueResult(String jobId, boolean deduplicated) {
  public EnqueueResult {
    requireNonNull(jobId, "jobId is null");
  }
}
