SELECT plugin, command, state, consecutive_failures, opened_at, half_opened_at, last_failure_at,
       last_error
FROM circuit_breakers
ORDER BY plugin, command
