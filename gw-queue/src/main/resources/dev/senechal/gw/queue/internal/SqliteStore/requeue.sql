-- Back to queued for the next attempt (retry or crash recovery).
UPDATE jobs
SET status = 'queued',
    attempt = attempt + 1,
    runnable_at = :runnableAt,
    started_at = NULL,
    completed_at = NULL,
    last_error = :lastError,
    process_pid = NULL,
    process_group_id = NULL,
    process_started_at = NULL
WHERE id = :id AND status = :expectedStatus AND attempt = :expectedAttempt
