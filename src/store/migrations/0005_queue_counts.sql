-- The queue's counts by state under any filter it offers (program, severity, handler, overdue)
-- read this index alone, in state order, instead of every report's row: at 100,000 reports a
-- count by severity fell from 56 ms to 3 ms (docs/performance.md).
CREATE INDEX reports_by_state_facets ON reports (state, program, severity, handler, due_order);

-- similar_reports counts a word's reports through reports_fts itself, stopping at its budget;
-- the vocabulary table counted every report with the word and is no longer read.
DROP TABLE reports_fts_terms;
