package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A job to enqueue. {@code payload} and {@code context} are opaque JSON text (objects); the queue
 * stores them as given. Optional fields are {@code null} when absent.
 *
 * @param maxAttempts how many attempts the job gets before it is dead-lettered (at least 1)
 * @param dedupeKey when set, the enqueue is dropped if a job with the same key succeeded within the
 *     dedupe TTL (SPEC §4)
 * @param notBefore when set, the job is not claimed before this instant
 * @param retryOf the job this one replays, when it is an operator's retry of a failed job
 */
public record NewJob(
    String plugin,
    String command,
    String payload,
    SubmittedBy submittedBy,
    int maxAttempts,
    String dedupeKey,
    String parentJobId,
    String sourceEventId,
    String context,
    Instant notBefore,
    String retryOf) {

  public static final int DEFAULT_MAX_ATTEMPTS = 4;

  public NewJob {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(command, "command is null");
    requireNonNull(payload, "payload is null");
    requireNonNull(submittedBy, "submittedBy is null");
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
    }
  }

  /** A root job with an empty context, the default attempt budget and no dedupe key. */
  public static NewJob of(String plugin, String command, String payload, SubmittedBy submittedBy) {
    return new NewJob(
        plugin, command, payload, submittedBy, DEFAULT_MAX_ATTEMPTS, null, null, null, null, null,
        null);
  }

  public NewJob withMaxAttempts(int attempts) {
    return new NewJob(plugin, command, payload, submittedBy, attempts, dedupeKey, parentJobId,
        sourceEventId, context, notBefore, retryOf);
  }

  public NewJob withDedupeKey(String key) {
    return new NewJob(plugin, command, payload, submittedBy, maxAttempts, key, parentJobId,
        sourceEventId, context, notBefore, retryOf);
  }

  public NewJob withParent(String parentId, String eventId) {
    return new NewJob(plugin, command, payload, submittedBy, maxAttempts, dedupeKey, parentId,
        eventId, context, notBefore, retryOf);
  }

  public NewJob withContext(String contextJson) {
    return new NewJob(plugin, command, payload, submittedBy, maxAttempts, dedupeKey, parentJobId,
        sourceEventId, contextJson, notBefore, retryOf);
  }

  public NewJob withNotBefore(Instant instant) {
    return new NewJob(plugin, command, payload, submittedBy, maxAttempts, dedupeKey, parentJobId,
        sourceEventId, context, instant, retryOf);
  }

  public NewJob withRetryOf(String jobId) {
    return new NewJob(plugin, command, payload, submittedBy, maxAttempts, dedupeKey, parentJobId,
        sourceEventId, context, notBefore, jobId);
  }
}
