-- A job that makes an enqueue with this dedupe key a duplicate: one that succeeded within the TTL,
-- or one that is still queued or running. Backed by jobs_dedupe.
SELECT id
FROM jobs
WHERE dedupe_key = :dedupeKey
  AND (status IN ('queued', 'running') OR (status = 'succeeded' AND completed_at >= :since))
ORDER BY seq DESC
LIMIT 1
