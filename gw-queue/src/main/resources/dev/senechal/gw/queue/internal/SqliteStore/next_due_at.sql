SELECT min(runnable_at)
FROM jobs
WHERE status = 'queued'
