package dev.senechal.gw.queue.internal;

import dev.senechal.gw.queue.BreakerState;
import dev.senechal.gw.queue.CircuitState;
import dev.senechal.gw.queue.Job;
import dev.senechal.gw.queue.JobLogEntry;
import dev.senechal.gw.queue.JobLogLine;
import dev.senechal.gw.queue.JobStatus;
import dev.senechal.gw.queue.PluginInitRecord;
import dev.senechal.gw.queue.ProcessRef;
import dev.senechal.gw.queue.ScheduleEntry;
import dev.senechal.gw.queue.SubmittedBy;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.mapper.RowMapper;

/** Maps rows of the store's tables onto the API records; timestamps are epoch millis. */
final class JobRows {
  /** A row of {@code jobs}, as selected by the {@code SqliteStore/*.sql} job queries. */
  static final RowMapper<Job> JOB = (rs, ctx) -> job(rs);

  static final RowMapper<JobLogEntry> JOB_LOG_ENTRY =
      (rs, ctx) ->
          new JobLogEntry(
              rs.getString("job_id"),
              rs.getInt("attempt"),
              rs.getString("plugin"),
              rs.getString("command"),
              JobStatus.fromWireName(rs.getString("status")),
              instant(rs, "started_at"),
              instant(rs, "completed_at"),
              integer(rs, "exit_code"),
              rs.getString("error"),
              rs.getString("stderr"),
              rs.getString("logs"),
              rs.getString("result"));

  static final RowMapper<JobLogLine> JOB_LOG_LINE =
      (rs, ctx) -> new JobLogLine(rs.getLong("id"), JOB_LOG_ENTRY.map(rs, ctx));

  static final RowMapper<ScheduleEntry> SCHEDULE_ENTRY =
      (rs, ctx) ->
          new ScheduleEntry(
              rs.getString("plugin"),
              rs.getString("schedule"),
              instant(rs, "last_run"),
              instant(rs, "next_run"));

  static final RowMapper<BreakerState> BREAKER_STATE =
      (rs, ctx) ->
          new BreakerState(
              rs.getString("plugin"),
              rs.getString("command"),
              CircuitState.fromWireName(rs.getString("state")),
              rs.getInt("consecutive_failures"),
              instant(rs, "opened_at"),
              instant(rs, "half_opened_at"),
              instant(rs, "last_failure_at"),
              rs.getString("last_error"));

  static final RowMapper<PluginInitRecord> PLUGIN_INIT =
      (rs, ctx) ->
          new PluginInitRecord(
              rs.getString("plugin"),
              rs.getString("fingerprint"),
              instant(rs, "ran_at"),
              "succeeded".equals(rs.getString("status")),
              rs.getString("error"));

  private JobRows() {}

  private static Job job(ResultSet rs) throws SQLException {
    JobStatus status = JobStatus.fromWireName(rs.getString("status"));
    Instant createdAt = instant(rs, "created_at");
    Instant runnableAt = instant(rs, "runnable_at");
    Instant nextRetryAt = status == JobStatus.QUEUED ? nextRetryAt(createdAt, runnableAt) : null;
    Long pid = longOrNull(rs, "process_pid");
    ProcessRef process =
        pid == null
            ? null
            : new ProcessRef(
                pid, rs.getLong("process_group_id"), instant(rs, "process_started_at"));
    return new Job(
        rs.getString("id"),
        rs.getString("plugin"),
        rs.getString("command"),
        rs.getString("payload"),
        status,
        rs.getInt("attempt"),
        rs.getInt("max_attempts"),
        SubmittedBy.fromWireName(rs.getString("submitted_by")),
        rs.getString("dedupe_key"),
        createdAt,
        instant(rs, "started_at"),
        instant(rs, "completed_at"),
        nextRetryAt,
        rs.getString("last_error"),
        rs.getString("parent_job_id"),
        rs.getString("source_event_id"),
        rs.getString("context"),
        process,
        rs.getString("retry_of"));
  }

  /**
   * The job just settled to a terminal {@code status} at {@code completedAt}, as {@code finish.sql}
   * leaves its row.
   */
  static Job finished(Job job, JobStatus status, Instant completedAt, String lastError) {
    return new Job(
        job.id(),
        job.plugin(),
        job.command(),
        job.payload(),
        status,
        job.attempt(),
        job.maxAttempts(),
        job.submittedBy(),
        job.dedupeKey(),
        job.createdAt(),
        job.startedAt(),
        completedAt,
        null,
        lastError,
        job.parentJobId(),
        job.sourceEventId(),
        job.context(),
        null,
        job.retryOf());
  }

  /**
   * The job just put back in the queue for its next attempt, runnable at {@code runnableAt}, as
   * {@code requeue.sql} leaves its row.
   */
  static Job requeued(Job job, Instant runnableAt, String lastError) {
    return new Job(
        job.id(),
        job.plugin(),
        job.command(),
        job.payload(),
        JobStatus.QUEUED,
        job.attempt() + 1,
        job.maxAttempts(),
        job.submittedBy(),
        job.dedupeKey(),
        job.createdAt(),
        null,
        null,
        nextRetryAt(job.createdAt(), runnableAt),
        lastError,
        job.parentJobId(),
        job.sourceEventId(),
        job.context(),
        null,
        job.retryOf());
  }

  /**
   * A queued job that was not runnable from its creation on (backoff, not-before, recovery) shows
   * when it becomes runnable; otherwise there is no next retry to show.
   */
  private static Instant nextRetryAt(Instant createdAt, Instant runnableAt) {
    return runnableAt.isAfter(createdAt) ? runnableAt : null;
  }

  static Long millis(Instant instant) {
    return instant == null ? null : instant.toEpochMilli();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Long millis = longOrNull(rs, column);
    return millis == null ? null : Instant.ofEpochMilli(millis);
  }

  private static Long longOrNull(ResultSet rs, String column) throws SQLException {
    long value = rs.getLong(column);
    return rs.wasNull() ? null : value;
  }

  private static Integer integer(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }
}
