-- V003: circuit breakers per (plugin, command) (SPEC §6). A row exists only while a breaker has
-- something to remember: failures counted, open, or half-open. A closed breaker with no failure
-- counted has no row (a success or `senechal-gw reset` deletes it), so the table stays small.
--
-- Columns
--   state                 closed | open | half_open
--   consecutive_failures  failed attempts since the last success (or reset)
--   opened_at             when it last opened (NULL while closed)
--   half_opened_at        when it let its probe through (NULL unless half_open)
--   last_failure_at       when the last counted failure settled
--   last_error            that failure's last_error
--   updated_at            the last change
--
-- Indexes
--   the primary key (plugin, command): one breaker, a plugin's breakers, and the ordered listing

CREATE TABLE circuit_breakers (
  plugin                TEXT    NOT NULL,
  command               TEXT    NOT NULL,
  state                 TEXT    NOT NULL CHECK (state IN ('closed', 'open', 'half_open')),
  consecutive_failures  INTEGER NOT NULL CHECK (consecutive_failures >= 0),
  opened_at             INTEGER,
  half_opened_at        INTEGER,
  last_failure_at       INTEGER,
  last_error            TEXT,
  updated_at            INTEGER NOT NULL,
  PRIMARY KEY (plugin, command)
);
