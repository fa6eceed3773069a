-- The first schema: programs, reports with their ids, history, search, accounts and the audit log.
-- Times are UTC seconds since 1970; JSON columns hold what no query filters on.

CREATE TABLE programs (
  key INTEGER PRIMARY KEY,
  slug TEXT NOT NULL UNIQUE,
  id_prefix TEXT NOT NULL UNIQUE,   -- the "PYSPECTOR" of PYSPECTOR-2026-0007
  source TEXT NOT NULL,             -- the policy file, verbatim
  revision INTEGER NOT NULL,        -- bumped by every apply; keys the in-memory policy cache
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

-- The next sequence number of each program and year: ids restart at 0001 every January.
CREATE TABLE report_sequences (
  program INTEGER NOT NULL REFERENCES programs(key),
  year INTEGER NOT NULL,
  next INTEGER NOT NULL CHECK (next >= 1),
  PRIMARY KEY (program, year)
) STRICT, WITHOUT ROWID;

CREATE TABLE reports (
  key INTEGER PRIMARY KEY,
  public_id TEXT NOT NULL UNIQUE,
  program INTEGER NOT NULL REFERENCES programs(key),
  year INTEGER NOT NULL,
  sequence INTEGER NOT NULL,
  state TEXT NOT NULL,
  title TEXT NOT NULL,
  severity TEXT CHECK (severity IN ('low', 'medium', 'high', 'critical')),
  channel TEXT NOT NULL,
  consented INTEGER NOT NULL CHECK (consented IN (0, 1)),
  credit_kind TEXT NOT NULL CHECK (credit_kind IN ('name', 'handle', 'anonymous')),
  credit_text TEXT NOT NULL,
  fields TEXT NOT NULL CHECK (json_valid(fields)),            -- {"description": "...", ...}
  attachments TEXT NOT NULL CHECK (json_valid(attachments)),  -- [{"file_name": ...}, ...]
  tracking_hash TEXT NOT NULL UNIQUE,  -- hash_secret(tracking token); the token is never stored
  received_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (program, year, sequence)
) STRICT;

-- The queue, newest first, by any combination of program and state (keyset pagination).
CREATE INDEX reports_by_received ON reports (received_at DESC, key DESC);
CREATE INDEX reports_by_program ON reports (program, received_at DESC, key DESC);
CREATE INDEX reports_by_state ON reports (state, received_at DESC, key DESC);
CREATE INDEX reports_by_program_state ON reports (program, state, received_at DESC, key DESC);

CREATE TABLE transitions (
  key INTEGER PRIMARY KEY,
  report INTEGER NOT NULL REFERENCES reports(key),
  from_state TEXT NOT NULL,
  to_state TEXT NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL CHECK (actor IN ('team', 'reporter')),
  actor_name TEXT NOT NULL,
  reason TEXT NOT NULL,
  duplicate_of INTEGER REFERENCES reports(key)
) STRICT;

CREATE INDEX transitions_by_report ON transitions (report, key);
CREATE INDEX transitions_by_duplicate_of ON transitions (duplicate_of)
  WHERE duplicate_of IS NOT NULL;

-- Full-text search over the report's prose, kept in step with reports by triggers, so a report
-- and its index entry are written in the same transaction.
CREATE VIRTUAL TABLE reports_fts USING fts5 (
  title, description, impact, steps_to_reproduce, affected_component,
  tokenize = 'unicode61 remove_diacritics 2'
);

CREATE TRIGGER reports_fts_insert AFTER INSERT ON reports BEGIN
  INSERT INTO reports_fts (rowid, title, description, impact, steps_to_reproduce,
                           affected_component)
  VALUES (new.key, new.title, json_extract(new.fields, '$.description'),
          json_extract(new.fields, '$.impact'), json_extract(new.fields, '$.steps_to_reproduce'),
          json_extract(new.fields, '$.affected_component'));
END;

CREATE TRIGGER reports_fts_update AFTER UPDATE OF title, fields ON reports BEGIN
  DELETE FROM reports_fts WHERE rowid = old.key;
  INSERT INTO reports_fts (rowid, title, description, impact, steps_to_reproduce,
                           affected_component)
  VALUES (new.key, new.title, json_extract(new.fields, '$.description'),
          json_extract(new.fields, '$.impact'), json_extract(new.fields, '$.steps_to_reproduce'),
          json_extract(new.fields, '$.affected_component'));
END;

CREATE TRIGGER reports_fts_delete AFTER DELETE ON reports BEGIN
  DELETE FROM reports_fts WHERE rowid = old.key;
END;

CREATE TABLE users (
  key INTEGER PRIMARY KEY,
  email TEXT NOT NULL UNIQUE COLLATE NOCASE,
  password_hash TEXT NOT NULL,
  admin INTEGER NOT NULL CHECK (admin IN (0, 1)),
  created_at INTEGER NOT NULL
) STRICT;

-- Append-only: AUTOINCREMENT never reuses a sequence number, and the triggers refuse changes.
CREATE TABLE audit_events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  program TEXT NOT NULL,  -- slug, or ''
  report TEXT NOT NULL,   -- public id, or ''
  details TEXT NOT NULL CHECK (json_valid(details))
) STRICT;

CREATE INDEX audit_by_program ON audit_events (program, seq);
CREATE INDEX audit_by_report ON audit_events (report, seq);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;
