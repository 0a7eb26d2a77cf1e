package dev.senechal.gw.queue;

/**
 * A filter for {@link JobQueue#list}. {@code null} fields match everything; newest jobs first.
 */
public record JobQuery(JobStatus status, String plugin, int limit) {
  public JobQuery {
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1");
    }
  }

  public static JobQuery all(int limit) {
    return new JobQuery(null, null, limit);
  }
}
