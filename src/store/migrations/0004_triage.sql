-- Triage: the team's assessment of a report (CVSS vector, CWE, affected and fixed versions,
-- handler and backup, labels), canned responses per program, and the report's next SLA due
-- time, kept on the row so that the queue can sort and filter on it with an index.

ALTER TABLE reports ADD COLUMN cvss_vector TEXT NOT NULL DEFAULT '';  -- normalised; '' = none
ALTER TABLE reports ADD COLUMN cwe INTEGER;
ALTER TABLE reports ADD COLUMN affected_versions TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(affected_versions));  -- ["1.2.3", ">= 2.0, < 2.4"]
ALTER TABLE reports ADD COLUMN fixed_versions TEXT NOT NULL DEFAULT '[]'
  CHECK (json_valid(fixed_versions));
ALTER TABLE reports ADD COLUMN handler INTEGER REFERENCES users(key);
ALTER TABLE reports ADD COLUMN backup_handler INTEGER REFERENCES users(key);

-- The earliest due time among the report's running SLA clocks and which promise it is; NULL
-- when no clock runs (paused in needs_info, final, or every promise met). Every write to a
-- report recomputes both in its transaction, and so does applying its program's policy.
ALTER TABLE reports ADD COLUMN due_at INTEGER;
ALTER TABLE reports ADD COLUMN due_clock TEXT
  CHECK (due_clock IN ('acknowledge', 'triage', 'status_update', 'resolution', 'disclosure'));
-- The queue's order: due first, reports with nothing due last (SQLite sorts NULL first).
ALTER TABLE reports ADD COLUMN due_order INTEGER
  GENERATED ALWAYS AS (coalesce(due_at, 9223372036854775807)) VIRTUAL;

-- The queue ordered by due time: across programs, in one program, by state, by handler.
CREATE INDEX reports_by_due ON reports (due_order, received_at, key);
CREATE INDEX reports_by_program_due ON reports (program, due_order, received_at, key);
CREATE INDEX reports_by_state_due ON reports (state, due_order, received_at, key);
CREATE INDEX reports_by_handler_due ON reports (handler, due_order, received_at, key);
CREATE INDEX reports_by_handler ON reports (handler, received_at DESC, key DESC);
-- The desk's default: open reports (not final) by due time, across programs and in one. A query
-- uses them when it says `state NOT IN (...)` with exactly this list in this order
-- (final_states_sql in report_rows.cc: the final states in the order of core's all_states).
CREATE INDEX reports_open_by_due ON reports (due_order, received_at, key)
  WHERE state NOT IN ('disclosed', 'duplicate', 'informative', 'not_applicable', 'out_of_scope',
                      'spam', 'withdrawn');
CREATE INDEX reports_open_by_program_due ON reports (program, due_order, received_at, key)
  WHERE state NOT IN ('disclosed', 'duplicate', 'informative', 'not_applicable', 'out_of_scope',
                      'spam', 'withdrawn');
CREATE INDEX reports_by_backup_handler ON reports (backup_handler) WHERE backup_handler IS NOT NULL;

CREATE TABLE report_labels (
  report INTEGER NOT NULL REFERENCES reports(key),
  label TEXT NOT NULL,
  PRIMARY KEY (report, label)
) STRICT, WITHOUT ROWID;

CREATE INDEX report_labels_by_label ON report_labels (label, report);

CREATE TABLE canned_responses (
  key INTEGER PRIMARY KEY,
  program INTEGER NOT NULL REFERENCES programs(key),
  title TEXT NOT NULL,
  body TEXT NOT NULL,
  internal INTEGER NOT NULL CHECK (internal IN (0, 1)),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (program, title)
) STRICT;

-- How many reports each indexed word occurs in: similar_reports builds its query from a
-- report's rarest words, the ones that say what it is about.
CREATE VIRTUAL TABLE reports_fts_terms USING fts5vocab (reports_fts, 'row');
