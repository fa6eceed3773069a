-- Bounces (docs/mail.md, "Bounces and loops").

-- Addresses a mail of ours did not reach for good: a delivery status notification named them as
-- failed recipients of a mail the outbox had sent to them. Nothing more is sent to such an address
-- (its mails are kept as failed, with the reason) until it writes to us again.
CREATE TABLE bounced_addresses (
  address TEXT PRIMARY KEY,  -- lower case
  bounced_at INTEGER NOT NULL,
  message_id TEXT NOT NULL,  -- the returned mail's
  reason TEXT NOT NULL       -- the status and diagnostic the notification gave
) STRICT;

-- A bounce names the Message-ID of the mail that came back; intake counts a sender's receipts of
-- the last hour, and "Lost your link?" an address's link mails, on every request. Without these
-- each was a scan of the whole outbox, which keeps every item it ever sent.
CREATE INDEX outbox_by_message_id ON outbox (message_id);
CREATE INDEX outbox_by_recipient ON outbox (recipient COLLATE NOCASE, event, created_at);
