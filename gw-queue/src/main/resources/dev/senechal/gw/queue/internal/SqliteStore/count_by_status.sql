-- Jobs per status; covered by jobs_status_created (status, created_at).
SELECT status, count(*) AS jobs
FROM jobs
GROUP BY status
