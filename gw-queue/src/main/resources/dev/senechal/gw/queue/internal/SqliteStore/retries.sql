-- The jobs enqueued as retries of a job, oldest first. Backed by jobs_retry_of (retry_of).
SELECT seq, id, plugin, command, payload, status, attempt, max_attempts, submitted_by, dedupe_key,
  created_at, runnable_at, started_at, completed_at, last_error, parent_job_id, source_event_id,
  context, process_pid, process_group_id, process_started_at, retry_of
FROM jobs
WHERE retry_of = :jobId
ORDER BY seq
