UPDATE jobs
SET status = 'running', started_at = :now
WHERE id = :id AND status = 'queued'
