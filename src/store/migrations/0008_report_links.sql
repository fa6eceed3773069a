-- "Lost your link?": a reporter who lost a report's tracking link asks for it by address, and
-- gets a new link per open report, which opens the report like the first (the first is never
-- stored in clear, so it cannot be sent again). Each new link is stored only as its hash.
CREATE TABLE report_links (
  token_hash TEXT PRIMARY KEY,
  report INTEGER NOT NULL REFERENCES reports(key),
  created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- The reporter's address of each report, as the lookup by address compares it.
ALTER TABLE reports ADD COLUMN reporter_address TEXT
  GENERATED ALWAYS AS (lower(json_extract(fields, '$.reporter_email'))) VIRTUAL;
CREATE INDEX reports_by_reporter_address ON reports (reporter_address)
  WHERE reporter_address IS NOT NULL;
