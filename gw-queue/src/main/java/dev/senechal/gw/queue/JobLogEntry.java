package dev.senechal.gw.queue;

import java.time.Instant;

/** One row of the job log: one settled (or recovered) attempt of a job. */
public record JobLogEntry(
    String jobId,
    int attempt,
    String plugin,
    String command,
    JobStatus status,
    Instant startedAt,
    Instant completedAt,
    Integer exitCode,
    String error,
    String stderr,
    String logs,
    String result) {}
