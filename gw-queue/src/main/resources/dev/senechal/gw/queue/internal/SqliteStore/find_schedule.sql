SELECT plugin, schedule, last_run, next_run
FROM schedules
WHERE plugin = :plugin AND schedule = :schedule
