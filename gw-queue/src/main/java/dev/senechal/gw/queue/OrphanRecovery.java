package dev.senechal.gw.queue;

/**
 * What crash recovery did with one job found {@code running} at start (SPEC §9).
 *
 * @param job the job as it was found
 * @param status {@code QUEUED} (with {@code attempt}+1) or {@code DEAD}
 * @param attempt the job's attempt after recovery
 */
public record OrphanRecovery(Job job, JobStatus status, int attempt) {}
