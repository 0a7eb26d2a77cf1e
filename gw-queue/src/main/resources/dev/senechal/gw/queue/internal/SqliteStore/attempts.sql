SELECT job_id, attempt, plugin, command, status, started_at, completed_at, exit_code, error,
  stderr, logs, result
FROM job_log
WHERE job_id = :jobId
ORDER BY attempt, id
