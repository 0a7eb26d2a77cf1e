-- A terminal status: succeeded, failed, timed_out or dead.
UPDATE jobs
SET status = :status,
    completed_at = :now,
    last_error = :lastError,
    process_pid = NULL,
    process_group_id = NULL,
    process_started_at = NULL
WHERE id = :id AND status = :expectedStatus AND attempt = :expectedAttempt
