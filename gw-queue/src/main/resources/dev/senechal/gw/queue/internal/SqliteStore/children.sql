-- The jobs a job's settle enqueued (its routed events), in the order they were enqueued.
-- Backed by jobs_children (parent_job_id, …).
SELECT seq, id, plugin, command, payload, status, attempt, max_attempts, submitted_by, dedupe_key,
  created_at, runnable_at, started_at, completed_at, last_error, parent_job_id, source_event_id,
  context, process_pid, process_group_id, process_started_at, retry_of
FROM jobs
WHERE parent_job_id = :parentJobId
ORDER BY seq
