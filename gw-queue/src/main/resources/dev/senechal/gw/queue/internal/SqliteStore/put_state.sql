INSERT INTO plugin_state (plugin, state, updated_at)
VALUES (:plugin, :state, :now)
ON CONFLICT (plugin) DO UPDATE
SET state = excluded.state, updated_at = excluded.updated_at
