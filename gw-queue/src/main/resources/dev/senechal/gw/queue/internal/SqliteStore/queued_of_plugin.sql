-- The queued jobs of one plugin, due or not, oldest first: what a reload dead-letters when it
-- removes, disables or refuses the plugin. Backed by jobs_outstanding (plugin, command, status).
SELECT seq, id, plugin, command, payload, status, attempt, max_attempts, submitted_by, dedupe_key,
  created_at, runnable_at, started_at, completed_at, last_error, parent_job_id, source_event_id,
  context, process_pid, process_group_id, process_started_at, retry_of
FROM jobs
WHERE plugin = :plugin AND status = 'queued'
ORDER BY runnable_at, seq
