-- The team's notifications (docs/notifications.md).

-- How each account hears about its programs' reports: a mail for each event, one digest a day,
-- or nothing. An account without a row hears immediately.
CREATE TABLE notification_modes (
  user INTEGER PRIMARY KEY REFERENCES users(key),
  mode TEXT NOT NULL CHECK (mode IN ('immediately', 'digest', 'off')),
  updated_at INTEGER NOT NULL
) STRICT;

-- Lines held for a member's daily digest, queued with the change they tell of (like the outbox),
-- sealed under the instance key; gathered into one mail once the oldest has waited a day.
CREATE TABLE digest_entries (
  key INTEGER PRIMARY KEY,
  recipient TEXT NOT NULL,
  event TEXT NOT NULL,
  report INTEGER REFERENCES reports(key),
  payload TEXT NOT NULL,  -- sealed; '' once digested
  created_at INTEGER NOT NULL,
  digested_at INTEGER
) STRICT;

CREATE INDEX digest_entries_pending ON digest_entries (recipient, key) WHERE digested_at IS NULL;

-- The SLA clock alerts made (jobs/clock_alerts.h): each once per report, clock, level and due
-- time, so that a clock whose due time moves (a new severity) may be told again.
CREATE TABLE clock_alerts (
  report INTEGER NOT NULL REFERENCES reports(key),
  clock TEXT NOT NULL,
  level TEXT NOT NULL CHECK (level IN ('due_soon', 'overdue')),
  due_at INTEGER NOT NULL,
  made_at INTEGER NOT NULL,
  PRIMARY KEY (report, clock, level, due_at)
) STRICT, WITHOUT ROWID;
