-- Advisories and their publication (docs/advisories.md).

-- The next advisory number of each program and year: ids restart at 0001 every January.
CREATE TABLE advisory_sequences (
  program INTEGER NOT NULL REFERENCES programs(key),
  year INTEGER NOT NULL,
  next INTEGER NOT NULL CHECK (next >= 1),
  PRIMARY KEY (program, year)
) STRICT, WITHOUT ROWID;

-- The team's advisory: its draft (JSON, docs/advisories.md), its state and the instant it is
-- scheduled for. The public never reads this table: only advisory_revisions.
CREATE TABLE advisories (
  key INTEGER PRIMARY KEY,
  public_id TEXT NOT NULL UNIQUE,
  program INTEGER NOT NULL REFERENCES programs(key),
  state TEXT NOT NULL
    CHECK (state IN ('draft', 'in_review', 'scheduled', 'published', 'withdrawn')),
  draft TEXT NOT NULL CHECK (json_valid(draft)),
  publish_at INTEGER,
  withdrawn_reason TEXT NOT NULL DEFAULT '',
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX advisories_by_program ON advisories (program, key);
-- What the publisher reads every minute.
CREATE INDEX advisories_due ON advisories (publish_at) WHERE state = 'scheduled';

CREATE TABLE advisory_reports (
  advisory INTEGER NOT NULL REFERENCES advisories(key),
  report INTEGER NOT NULL REFERENCES reports(key),
  position INTEGER NOT NULL,
  PRIMARY KEY (advisory, report)
) STRICT, WITHOUT ROWID;

CREATE INDEX advisory_reports_by_report ON advisory_reports (report);

-- Every published revision, as the public saw it (JSON of the published document, credits
-- resolved): pages, feeds and exports read only these rows.
CREATE TABLE advisory_revisions (
  advisory INTEGER NOT NULL REFERENCES advisories(key),
  revision INTEGER NOT NULL CHECK (revision >= 1),
  program INTEGER NOT NULL REFERENCES programs(key),
  modified_at INTEGER NOT NULL,
  document TEXT NOT NULL CHECK (json_valid(document)),
  PRIMARY KEY (advisory, revision)
) STRICT, WITHOUT ROWID;

CREATE INDEX advisory_revisions_by_time ON advisory_revisions (modified_at);
CREATE INDEX advisory_revisions_by_program ON advisory_revisions (program, modified_at);

-- Each change of the public instant, with who made it and why.
CREATE TABLE embargo_changes (
  key INTEGER PRIMARY KEY,
  advisory INTEGER NOT NULL REFERENCES advisories(key),
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  from_at INTEGER,
  to_at INTEGER NOT NULL,
  reason TEXT NOT NULL
) STRICT;

CREATE INDEX embargo_changes_by_advisory ON embargo_changes (advisory, key);

-- A reporter's answer to the credit line an advisory would carry for them, and the line it was
-- given for (a later change of their credit choice asks again).
CREATE TABLE credit_answers (
  advisory INTEGER NOT NULL REFERENCES advisories(key),
  report INTEGER NOT NULL REFERENCES reports(key),
  decision TEXT NOT NULL CHECK (decision IN ('accepted', 'declined')),
  line TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (advisory, report)
) STRICT, WITHOUT ROWID;
