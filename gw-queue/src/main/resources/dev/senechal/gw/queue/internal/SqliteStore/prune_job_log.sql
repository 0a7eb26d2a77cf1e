DELETE FROM job_log
WHERE completed_at < :cutoff
