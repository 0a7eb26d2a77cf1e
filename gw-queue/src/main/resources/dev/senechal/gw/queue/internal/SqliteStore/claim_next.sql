-- Claims the oldest runnable job in one statement: queued and due, earliest runnable_at first,
-- insertion order on ties; it becomes running since :now and is returned as it is now.
-- The subquery is backed by jobs_claim (status, runnable_at, seq), the update by the rowid.
UPDATE jobs
SET status = 'running', started_at = :now
WHERE seq = (
  SELECT seq
  FROM jobs
  WHERE status = 'queued' AND runnable_at <= :now
  ORDER BY runnable_at, seq
  LIMIT 1)
RETURNING seq, id, plugin, command, payload, status, attempt, max_attempts, submitted_by,
  dedupe_key, created_at, runnable_at, started_at, completed_at, last_error, parent_job_id,
  source_event_id, context, process_pid, process_group_id, process_started_at, retry_of
