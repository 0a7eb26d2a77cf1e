INSERT INTO webhook_deliveries (endpoint, delivery_id, job_id, received_at)
VALUES (:endpoint, :deliveryId, :jobId, :now)
ON CONFLICT (endpoint, delivery_id) DO UPDATE
SET job_id = excluded.job_id, received_at = excluded.received_at
