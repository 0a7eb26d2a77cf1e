SELECT state
FROM plugin_state
WHERE plugin = :plugin
