SELECT plugin, fingerprint, ran_at, status, error
FROM plugin_init
ORDER BY plugin
