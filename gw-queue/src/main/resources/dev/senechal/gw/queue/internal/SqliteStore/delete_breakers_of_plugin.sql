DELETE FROM circuit_breakers
WHERE plugin = :plugin
