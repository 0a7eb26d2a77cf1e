INSERT INTO schedules (plugin, schedule, last_run, next_run)
VALUES (:plugin, :schedule, :lastRun, :nextRun)
ON CONFLICT (plugin, schedule) DO UPDATE
SET last_run = excluded.last_run, next_run = excluded.next_run
