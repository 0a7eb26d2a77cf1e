INSERT INTO schedules (plugin, schedule, last_run, next_run)
VALUES (:plugin, :schedule, NULL, :nextRun)
ON CONFLICT (plugin, schedule) DO UPDATE
SET next_run = excluded.next_run
