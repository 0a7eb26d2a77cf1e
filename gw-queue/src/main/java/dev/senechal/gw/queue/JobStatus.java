package dev.senechal.gw.queue;

import java.util.Locale;

/**
 * The states of a job (SPEC §4).
 *
 * <pre>
 * queued ──claim──▶ running ──▶ succeeded
 *    ▲                  ├──▶ failed ────▶ queued (retry, after backoff) | dead
 *    │                  └──▶ timed_out ─▶ queued (retry, after backoff) | dead
 *    └───────────── (crash recovery: running ▶ queued with attempt+1, or dead)
 * </pre>
 *
 * {@code failed} and {@code timed_out} are terminal only when no retry follows; a retried job is
 * back in {@code queued} and the failed attempt is kept in the job log.
 */
public enum JobStatus {
  QUEUED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  TIMED_OUT,
  DEAD;

  /** The lower-case name used in the store, the CLI and JSON ({@code timed_out}). */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public boolean isTerminal() {
    return this == SUCCEEDED || this == FAILED || this == TIMED_OUT || this == DEAD;
  }

  /**
   * Whether an operator may retry a job in this status ({@link JobQueue#retry}): a failure no
   * automatic retry follows. A stored {@code failed} or {@code timed_out} job is such a failure; one
   * that is retried automatically is {@code queued} again.
   */
  public boolean isRetryable() {
    return this == FAILED || this == TIMED_OUT || this == DEAD;
  }

  public static JobStatus fromWireName(String name) {
    for (JobStatus status : values()) {
      if (status.wireName().equals(name)) {
        return status;
      }
    }
    throw new IllegalArgumentException("unknown job status '" + name + "'");
  }
}
