-- How many reports each program holds in each state, by severity ('' unrated), handler (0:
-- nobody) and whether a clock runs (timed: due_at is set), kept by triggers in the same
-- transaction as every write to reports: the queue's counts by state read these few rows
-- instead of every matching report, which at a million reports took 40 ms for an admin and
-- 38 ms for one program (docs/performance.md). A row whose count falls to zero stays; readers
-- skip it. No CHECK that a count stays positive: a count gone wrong must not refuse a write.
CREATE TABLE report_tallies (
  program INTEGER NOT NULL REFERENCES programs(key),
  state TEXT NOT NULL,
  severity TEXT NOT NULL,
  handler INTEGER NOT NULL,
  timed INTEGER NOT NULL CHECK (timed IN (0, 1)),
  reports INTEGER NOT NULL,
  PRIMARY KEY (program, state, severity, handler, timed)
) STRICT, WITHOUT ROWID;

INSERT INTO report_tallies (program, state, severity, handler, timed, reports)
  SELECT program, state, coalesce(severity, ''), coalesce(handler, 0), due_at IS NOT NULL,
         count(*)
  FROM reports GROUP BY 1, 2, 3, 4, 5;

CREATE TRIGGER report_tallies_insert AFTER INSERT ON reports BEGIN
  INSERT INTO report_tallies (program, state, severity, handler, timed, reports)
    VALUES (new.program, new.state, coalesce(new.severity, ''), coalesce(new.handler, 0),
            new.due_at IS NOT NULL, 1)
    ON CONFLICT DO UPDATE SET reports = reports + 1;
END;

CREATE TRIGGER report_tallies_update
  AFTER UPDATE OF program, state, severity, handler, due_at ON reports
  WHEN old.program IS NOT new.program OR old.state IS NOT new.state
    OR old.severity IS NOT new.severity OR old.handler IS NOT new.handler
    OR (old.due_at IS NULL) IS NOT (new.due_at IS NULL)
BEGIN
  UPDATE report_tallies SET reports = reports - 1
    WHERE program = old.program AND state = old.state AND severity = coalesce(old.severity, '')
      AND handler = coalesce(old.handler, 0) AND timed = (old.due_at IS NOT NULL);
  INSERT INTO report_tallies (program, state, severity, handler, timed, reports)
    VALUES (new.program, new.state, coalesce(new.severity, ''), coalesce(new.handler, 0),
            new.due_at IS NOT NULL, 1)
    ON CONFLICT DO UPDATE SET reports = reports + 1;
END;

-- The desk never deletes a report; an operator with sqlite3 might.
CREATE TRIGGER report_tallies_delete AFTER DELETE ON reports BEGIN
  UPDATE report_tallies SET reports = reports - 1
    WHERE program = old.program AND state = old.state AND severity = coalesce(old.severity, '')
      AND handler = coalesce(old.handler, 0) AND timed = (old.due_at IS NOT NULL);
END;
