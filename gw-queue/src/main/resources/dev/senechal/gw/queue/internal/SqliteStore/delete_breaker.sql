DELETE FROM circuit_breakers
WHERE plugin = :plugin AND command = :command
