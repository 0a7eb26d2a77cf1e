package dev.senechal.gw.queue;

import static java.util.Objects.requireNonNull;

/**
 * One row of the job log with its position: {@code id} grows with every row written, so a reader
 * can ask for what came after the last row it saw ({@link JobQueue#jobLogAfter}).
 */
public record JobLogLine(long id, JobLogEntry entry) {
  public JobLogLine {
    requireNonNull(entry, "entry is null");
  }
}
