SELECT coalesce(sum(hits), 0)
FROM dedupe_hits
