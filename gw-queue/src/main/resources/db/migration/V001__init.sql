-- V001: the first schema of the gateway store (SPEC §4, §5, §9).
--
-- Tables
--   jobs          one row per job. `seq` (the rowid) is the insertion order that breaks FIFO ties;
--                 `id` is the public UUID. `runnable_at` is when a queued job may be claimed: the
--                 enqueue time, the caller's not-before, a retry's backoff end or the recovery time.
--                 `process_*` describe the plugin process of the running attempt (SPEC §9).
--   job_log       one row per settled or crash-recovered attempt (status = that attempt's outcome).
--   plugin_state  one JSON object per plugin.
--   schedules     the stored timing of each (plugin, schedule): last run and the drawn next run.
--   dedupe_hits   enqueues dropped as duplicates, counted per existing job (shown by status/job).
--
-- Every timestamp is epoch milliseconds (INTEGER). Statuses and submitters are the lower-case wire
-- names of JobStatus and SubmittedBy.
--
-- Indexes (each backs a query that runs per job, see SqliteStore/*.sql)
--   jobs_claim            (status, runnable_at, seq): claim, next due
--   jobs_outstanding      (plugin, command, status): the scheduler's poll guard
--   jobs_dedupe           (dedupe_key, status, completed_at), keyed jobs only: dedupe lookup
--   jobs_children         UNIQUE (parent_job_id, source_event_id, plugin, command), children only:
--                         a retried parent re-emitting an event cannot create its children twice
--   jobs_status_created   (status, created_at): list by status (newest first), depth, running
--   jobs_created          (created_at): list, newest first
--   job_log_job           (job_id, attempt): a job's attempts
--   job_log_completed     (completed_at): pruning by retention
--   dedupe_hits_last_hit  (last_hit_at): pruning by retention

CREATE TABLE jobs (
  seq                INTEGER PRIMARY KEY,
  id                 TEXT    NOT NULL UNIQUE,
  plugin             TEXT    NOT NULL CHECK (plugin <> ''),
  command            TEXT    NOT NULL CHECK (command <> ''),
  payload            TEXT    NOT NULL,
  status             TEXT    NOT NULL
                     CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'timed_out',
                                       'dead')),
  attempt            INTEGER NOT NULL CHECK (attempt >= 1),
  max_attempts       INTEGER NOT NULL CHECK (max_attempts >= 1),
  submitted_by       TEXT    NOT NULL
                     CHECK (submitted_by IN ('scheduler', 'webhook', 'route', 'api', 'cli')),
  dedupe_key         TEXT,
  created_at         INTEGER NOT NULL,
  runnable_at        INTEGER NOT NULL,
  started_at         INTEGER,
  completed_at       INTEGER,
  last_error         TEXT,
  parent_job_id      TEXT,
  source_event_id    TEXT,
  context            TEXT,
  process_pid        INTEGER,
  process_group_id   INTEGER,
  process_started_at INTEGER
);

CREATE INDEX jobs_claim ON jobs (status, runnable_at, seq);
CREATE INDEX jobs_outstanding ON jobs (plugin, command, status);
CREATE INDEX jobs_dedupe ON jobs (dedupe_key, status, completed_at) WHERE dedupe_key IS NOT NULL;
CREATE UNIQUE INDEX jobs_children ON jobs (parent_job_id, source_event_id, plugin, command)
  WHERE parent_job_id IS NOT NULL;
CREATE INDEX jobs_status_created ON jobs (status, created_at);
CREATE INDEX jobs_created ON jobs (created_at);

CREATE TABLE job_log (
  id           INTEGER PRIMARY KEY,
  job_id       TEXT    NOT NULL REFERENCES jobs (id),
  attempt      INTEGER NOT NULL,
  plugin       TEXT    NOT NULL,
  command      TEXT    NOT NULL,
  status       TEXT    NOT NULL
               CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'timed_out', 'dead')),
  started_at   INTEGER,
  completed_at INTEGER NOT NULL,
  exit_code    INTEGER,
  error        TEXT,
  stderr       TEXT,
  logs         TEXT,
  result       TEXT
);

CREATE INDEX job_log_job ON job_log (job_id, attempt);
CREATE INDEX job_log_completed ON job_log (completed_at);

CREATE TABLE plugin_state (
  plugin     TEXT    PRIMARY KEY,
  state      TEXT    NOT NULL,
  updated_at INTEGER NOT NULL
);

CREATE TABLE schedules (
  plugin   TEXT    NOT NULL,
  schedule TEXT    NOT NULL,
  last_run INTEGER,
  next_run INTEGER,
  PRIMARY KEY (plugin, schedule)
);

CREATE TABLE dedupe_hits (
  job_id      TEXT    PRIMARY KEY REFERENCES jobs (id),
  hits        INTEGER NOT NULL,
  last_key    TEXT    NOT NULL,
  last_hit_at INTEGER NOT NULL
);

CREATE INDEX dedupe_hits_last_hit ON dedupe_hits (last_hit_at);
