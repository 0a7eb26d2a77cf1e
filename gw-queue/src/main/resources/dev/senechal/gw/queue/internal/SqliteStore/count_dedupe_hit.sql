INSERT INTO dedupe_hits (job_id, hits, last_key, last_hit_at)
VALUES (:jobId, 1, :dedupeKey, :now)
ON CONFLICT (job_id) DO UPDATE
SET hits = hits + 1, last_key = excluded.last_key, last_hit_at = excluded.last_hit_at
