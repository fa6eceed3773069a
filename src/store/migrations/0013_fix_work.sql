-- The work on a report's fix the reporter follows (docs/report-lifecycle.md): the expected fix
-- date with its evaluation, every change kept, and the requests to verify a fix with answers.

CREATE TABLE expected_fixes (
  key INTEGER PRIMARY KEY,
  report INTEGER NOT NULL REFERENCES reports(key),
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  fix_on TEXT NOT NULL,      -- YYYY-MM-DD
  evaluation TEXT NOT NULL,
  reason TEXT NOT NULL       -- '' for the first
) STRICT;

CREATE INDEX expected_fixes_by_report ON expected_fixes (report, key);

CREATE TABLE fix_verifications (
  key INTEGER PRIMARY KEY,
  report INTEGER NOT NULL REFERENCES reports(key),
  asked_at INTEGER NOT NULL,
  asked_by TEXT NOT NULL,
  fixed_in TEXT NOT NULL,
  answered_at INTEGER,
  fixed INTEGER CHECK (fixed IN (0, 1)),
  because TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE INDEX fix_verifications_by_report ON fix_verifications (report, key);
