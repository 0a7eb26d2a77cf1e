SELECT coalesce(sum(hits), 0)
FROM dedupe_hits
WHERE job_id = :jobId
