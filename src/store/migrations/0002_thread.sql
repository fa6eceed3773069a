-- The reporter's thread: messages between the reporter and the team, the team's internal notes,
-- and the bytes of every attached file. Before this migration a report kept only its
-- attachments' metadata in reports.attachments (JSON); those bytes were never received, so that
-- column stays as it is and is still read, and later reports write '[]' there.

CREATE TABLE messages (
  report INTEGER NOT NULL REFERENCES reports(key),
  seq INTEGER NOT NULL CHECK (seq >= 1),      -- 1, 2, ... within the report
  at INTEGER NOT NULL,
  author TEXT NOT NULL CHECK (author IN ('team', 'reporter')),
  author_name TEXT NOT NULL,                  -- the team member's email, or 'reporter'
  internal INTEGER NOT NULL CHECK (internal IN (0, 1) AND (internal = 0 OR author = 'team')),
  body TEXT NOT NULL,
  PRIMARY KEY (report, seq)
) STRICT;

-- A file of the submission (message_seq NULL) or of one message. The content column comes last
-- so that reading the other columns never loads the bytes.
CREATE TABLE attachments (
  report INTEGER NOT NULL REFERENCES reports(key),
  id INTEGER NOT NULL CHECK (id >= 1),        -- 1, 2, ... within the report
  message_seq INTEGER,
  file_name TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL CHECK (size >= 0),
  sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
  content BLOB NOT NULL CHECK (length(content) = size),
  PRIMARY KEY (report, id),
  FOREIGN KEY (report, message_seq) REFERENCES messages (report, seq)
) STRICT;
