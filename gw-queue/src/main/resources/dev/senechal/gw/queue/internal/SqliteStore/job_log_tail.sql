-- The newest job-log rows (of one plugin when :plugin is not null), newest first; the caller
-- reverses them. id > -1 makes SQLite walk the rowid (INTEGER PRIMARY KEY) backwards.
SELECT id, job_id, attempt, plugin, command, status, started_at, completed_at, exit_code, error,
  stderr, logs, result
FROM job_log
WHERE id > -1 AND (:plugin IS NULL OR plugin = :plugin)
ORDER BY id DESC
LIMIT :limit
