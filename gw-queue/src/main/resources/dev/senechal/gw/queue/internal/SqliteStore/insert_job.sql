INSERT INTO jobs (id, plugin, command, payload, status, attempt, max_attempts, submitted_by,
  dedupe_key, created_at, runnable_at, parent_job_id, source_event_id, context,
  retry_of)
VALUES (:id, :plugin, :command, :payload, 'queued', 1, :maxAttempts, :submittedBy,
  :dedupeKey, :now, :runnableAt, :parentJobId, :sourceEventId, :context,
  :retryOf)
