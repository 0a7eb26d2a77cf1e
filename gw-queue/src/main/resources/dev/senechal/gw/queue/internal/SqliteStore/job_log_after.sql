-- Job-log rows written after :afterId (of one plugin when :plugin is not null), in write order:
-- what `senechal-gw logs --follow` polls for. A range on the rowid (INTEGER PRIMARY KEY).
SELECT id, job_id, attempt, plugin, command, status, started_at, completed_at, exit_code, error,
  stderr, logs, result
FROM job_log
WHERE id > :afterId AND (:plugin IS NULL OR plugin = :plugin)
ORDER BY id
LIMIT :limit
