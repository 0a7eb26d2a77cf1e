UPDATE jobs
SET process_pid = :pid, process_group_id = :processGroupId, process_started_at = :startedAt
WHERE id = :id AND status = 'running' AND attempt = :attempt
