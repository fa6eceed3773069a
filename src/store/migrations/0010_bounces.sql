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
