package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A job as stored (SPEC §4). Optional fields are {@code null} when absent; {@code payload} and
 * {@code context} are JSON text.
 *
 * @param process the plugin process of the current attempt, recorded while the job runs
 * @param retryOf the failed or dead job this one replays ({@code job retry}), else {@code null}
 */
public record Job(
    String id,
    String plugin,
    String command,
    String payload,
    JobStatus status,
    int attempt,
    int maxAttempts,
    SubmittedBy submittedBy,
    String dedupeKey,
    Instant createdAt,
    Instant startedAt,
    Instant completedAt,
    Instant nextRetryAt,
    String lastError,
    String parentJobId,
    String sourceEventId,
    String context,
    ProcessRef process,
    String retryOf) {

  public Job {
    requireNonNull(id, "id is null");
    requireNonNull(plugin, "plugin is null");
    requireNonNull(command, "command is null");
    requireNonNull(payload, "payload is null");
    requireNonNull(status, "status is null");
    requireNonNull(submittedBy, "submittedBy is null");
    requireNonNull(createdAt, "createdAt is null");
  }
}
