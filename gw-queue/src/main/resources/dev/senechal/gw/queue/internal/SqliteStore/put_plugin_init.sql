INSERT INTO plugin_init (plugin, fingerprint, ran_at, status, error, updated_at)
VALUES (:plugin, :fingerprint, :ranAt, :status, :error, :now)
ON CONFLICT (plugin) DO UPDATE
SET fingerprint = excluded.fingerprint,
    ran_at = excluded.ran_at,
    status = excluded.status,
    error = excluded.error,
    updated_at = excluded.updated_at
