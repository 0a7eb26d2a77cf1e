INSERT INTO circuit_breakers (plugin, command, state, consecutive_failures, opened_at,
                              half_opened_at, last_failure_at, last_error, updated_at)
VALUES (:plugin, :command, :state, :consecutiveFailures, :openedAt, :halfOpenedAt,
        :lastFailureAt, :lastError, :now)
ON CONFLICT (plugin, command) DO UPDATE
SET state = excluded.state,
    consecutive_failures = excluded.consecutive_failures,
    opened_at = excluded.opened_at,
    half_opened_at = excluded.half_opened_at,
    last_failure_at = excluded.last_failure_at,
    last_error = excluded.last_error,
    updated_at = excluded.updated_at
