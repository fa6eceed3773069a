-- Small additions of issue 14. When the reporter last wrote without a team member having opened
-- the report since: the queue marks such reports "reporter replied" (NULL: nothing unread).

ALTER TABLE reports ADD COLUMN reporter_replied_at INTEGER;

-- The order of a report's writes across its transitions and messages (report.h, step): times
-- are whole seconds, and a message and a state change of one second must keep their order.
ALTER TABLE transitions ADD COLUMN step INTEGER;
ALTER TABLE messages ADD COLUMN step INTEGER;

-- An account switched off when someone leaves the team (accounts.h, User::disabled_at).
ALTER TABLE users ADD COLUMN disabled_at INTEGER;

-- The desk's queue sorted by severity (critical first, unrated last) and by the latest change:
-- read in index order, never sorted whole (the expression is queue_sql.cc's severity_rank).
CREATE INDEX reports_by_severity_rank ON reports (
  CASE severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2
  WHEN 'low' THEN 3 ELSE 4 END, received_at, key);
CREATE INDEX reports_by_updated ON reports (updated_at, key);
