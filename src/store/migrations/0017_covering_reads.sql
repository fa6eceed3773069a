-- Reads that went through every matching report's row read an index alone instead, and an index
-- that no read uses any more is dropped.
--
-- The program dashboard reads every report of a period (store.md, each_received_report): its
-- state, severity, updated time and public id now come from the program's index itself rather
-- than from each report's row, a page of its own for most reports. At a million reports, twelve
-- months of one program (133,000 reports) were read in 196 ms, now in 63 ms. The leading
-- columns are unchanged, so the queue's plans are too.
DROP INDEX reports_by_program;
CREATE INDEX reports_by_program ON reports (
  program, received_at DESC, key DESC, state, severity, updated_at, public_id);

-- The reports with a due time, by due time, with what the queue's count filters test: the
-- overdue reports are the timed ones of report_tallies less those not yet due (queue_sql.cc),
-- and these are counted from this index alone. Keyed by due_at itself: SQLite never counts an
-- index as covering a query that reads the virtual column due_order.
CREATE INDEX reports_timed_by_due ON reports (due_at, state, program, severity, handler)
  WHERE due_at IS NOT NULL;

-- Counts across programs by severity or unassigned read reports_by_state_facets (0005); the
-- tallies answer them now, and no other statement reads it, so writes stop keeping it.
DROP INDEX reports_by_state_facets;
