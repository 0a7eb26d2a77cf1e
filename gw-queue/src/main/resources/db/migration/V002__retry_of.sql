-- V002: operator retries (`senechal-gw job retry`, SPEC §9). A retry is a new job that replays a
-- failed, timed-out or dead one; `retry_of` links it to the job it replays (NULL for every other
-- job, including every job stored before this migration).
--
-- Indexes
--   jobs_retry_of  (retry_of), retries only: a job's retries (a job is retried at most once, and
--                  `job show` names the retry)

ALTER TABLE jobs ADD COLUMN retry_of TEXT;

CREATE INDEX jobs_retry_of ON jobs (retry_of) WHERE retry_of IS NOT NULL;
