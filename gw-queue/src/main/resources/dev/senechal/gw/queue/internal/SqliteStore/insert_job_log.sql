INSERT INTO job_log (job_id, attempt, plugin, command, status, started_at, completed_at,
  exit_code, error, stderr, logs, result)
VALUES (:jobId, :attempt, :plugin, :command, :status, :startedAt, :now,
  :exitCode, :error, :stderr, :logs, :result)
