-- Backed by jobs_outstanding (plugin, command, status).
SELECT count(*)
FROM jobs
WHERE plugin = :plugin AND command = :command AND status IN ('queued', 'running')
