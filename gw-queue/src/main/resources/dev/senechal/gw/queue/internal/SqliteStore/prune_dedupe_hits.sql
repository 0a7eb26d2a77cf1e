DELETE FROM dedupe_hits
WHERE last_hit_at < :cutoff
