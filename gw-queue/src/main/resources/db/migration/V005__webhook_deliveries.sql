-- V005: webhook delivery ids (SPEC §8: replay and retry protection). One row per delivery
-- accepted on an endpoint, written in the same transaction as the job it enqueued; a repeated
-- (endpoint, delivery_id) within the replay window returns that job instead of enqueueing again.
-- Rows older than the window are deleted when the job log is pruned (every scheduler tick); an
-- older row still present is ignored by the lookup and overwritten by the next insert.
--
-- Columns
--   endpoint     the endpoint's path (`/hook/github`): ids are unique per sender, not globally
--   delivery_id  the sender's id (`X-GitHub-Delivery`, `webhook-id`) or a hash the gateway derived
--   job_id       the job the first delivery enqueued
--   received_at  when that delivery was accepted (epoch milliseconds)
--
-- Indexes
--   the primary key (endpoint, delivery_id): the replay lookup on every delivery
--   webhook_deliveries_received (received_at): pruning by age

CREATE TABLE webhook_deliveries (
  endpoint     TEXT    NOT NULL,
  delivery_id  TEXT    NOT NULL,
  job_id       TEXT    NOT NULL,
  received_at  INTEGER NOT NULL,
  PRIMARY KEY (endpoint, delivery_id)
) WITHOUT ROWID;

CREATE INDEX webhook_deliveries_received ON webhook_deliveries (received_at);
