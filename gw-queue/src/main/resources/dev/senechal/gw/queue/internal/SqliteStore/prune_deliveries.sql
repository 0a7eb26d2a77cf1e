DELETE FROM webhook_deliveries
WHERE received_at < :cutoff
