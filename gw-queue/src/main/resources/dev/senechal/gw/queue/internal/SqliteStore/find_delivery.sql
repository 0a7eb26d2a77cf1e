SELECT job_id
FROM webhook_deliveries
WHERE endpoint = :endpoint AND delivery_id = :deliveryId AND received_at >= :since
