-- V004: what each plugin's `init` last ran with and how it ended (SPEC §6: init runs once when a
-- plugin is first discovered or its config changes, is not retried, and a failure marks the
-- plugin unhealthy). One row per plugin that declares `init` and has run it at least once; the
-- engine runs init again only when the plugin's fingerprint differs from the stored one.
--
-- Columns
--   fingerprint  what init ran with: SHA-256 over the plugin's config JSON and manifest version
--   ran_at       when that init finished
--   status       succeeded | failed
--   error        why it failed (exit status, error response, timeout, …); NULL when it succeeded
--   updated_at   the last change
--
-- Indexes
--   the primary key (plugin): one plugin's record and the ordered listing

CREATE TABLE plugin_init (
  plugin       TEXT    NOT NULL PRIMARY KEY,
  fingerprint  TEXT    NOT NULL,
  ran_at       INTEGER NOT NULL,
  status       TEXT    NOT NULL CHECK (status IN ('succeeded', 'failed')),
  error        TEXT,
  updated_at   INTEGER NOT NULL
);
