-- The job claim_next.sql would claim now, read only; backed by jobs_claim (status, runnable_at, seq).
SELECT seq, id, plugin, command, payload, status, attempt, max_attempts, submitted_by, dedupe_key,
  created_at, runnable_at, started_at, completed_at, last_error, parent_job_id, source_event_id,
  context, process_pid, process_group_id, process_started_at, retry_of
FROM jobs
WHERE status = 'queued' AND runnable_at <= :now
ORDER BY runnable_at, seq
LIMIT 1
