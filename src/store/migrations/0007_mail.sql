-- Mail in and out (docs/mail.md).

-- Every mail a report's thread received or sent, by Message-ID. Incoming mails keep their raw
-- bytes for the team; a second delivery of the same Message-ID is recognised, never stored
-- twice. Outgoing Message-IDs are random: a reply naming one in In-Reply-To or References
-- proves its sender received that mail, which is what lets it join the thread.
CREATE TABLE mail_messages (
  key INTEGER PRIMARY KEY,
  report INTEGER NOT NULL REFERENCES reports(key),
  seq INTEGER NOT NULL,  -- the thread message an incoming mail became (0: the submission; sent: 0)
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  message_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  encrypted INTEGER NOT NULL CHECK (encrypted IN (0, 1)),
  signature TEXT NOT NULL CHECK (signature IN ('none', 'valid', 'bad', 'unknown_key')),
  signer TEXT NOT NULL,  -- the signing key's fingerprint, when known
  raw BLOB               -- incoming mails only: the message as received
) STRICT;

CREATE UNIQUE INDEX mail_messages_by_id ON mail_messages (direction, message_id)
  WHERE message_id != '';
CREATE INDEX mail_messages_by_report ON mail_messages (report, key);

-- A reporter's OpenPGP key (from their mail, an Autocrypt header or pasted on the form): every
-- mail to the reporter is encrypted to it. The key itself lives in the instance's GnuPG home;
-- the armored text is kept so that a restored instance can import it again.
CREATE TABLE reporter_keys (
  report INTEGER PRIMARY KEY REFERENCES reports(key),
  fingerprint TEXT NOT NULL,
  armored TEXT NOT NULL,
  added_at INTEGER NOT NULL
) STRICT;

-- The transactional outbox: every mail and webhook is queued in the same transaction as the
-- change it announces. The payload is sealed under the instance key (it may hold a tracking
-- link and the report's details); a sent item's payload is emptied, its record kept.
CREATE TABLE outbox (
  key INTEGER PRIMARY KEY,
  channel TEXT NOT NULL CHECK (channel IN ('mail', 'webhook')),
  event TEXT NOT NULL,          -- "report.received", "report.message", "report.state", ...
  report INTEGER REFERENCES reports(key),
  recipient TEXT NOT NULL,      -- an address, or a webhook's URL
  message_id TEXT NOT NULL,     -- a mail's Message-ID (a webhook's delivery id): stable across retries
  payload TEXT NOT NULL,        -- sealed; '' once sent
  state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed')),
  attempts INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  next_attempt_at INTEGER NOT NULL,
  last_attempt_at INTEGER,
  sent_at INTEGER,
  last_error TEXT NOT NULL
) STRICT;

CREATE INDEX outbox_due ON outbox (next_attempt_at, key) WHERE state = 'queued';
CREATE INDEX outbox_by_state ON outbox (state, key);
