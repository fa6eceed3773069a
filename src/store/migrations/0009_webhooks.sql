-- Webhooks per program (docs/webhooks.md).

-- Where a program's events are POSTed. The secret the bodies are signed with is sealed under the
-- instance key by the caller (the store never sees it in clear) and emptied when the webhook is
-- removed; a removed webhook keeps its row so that its delivery log still names it.
CREATE TABLE webhooks (
  key INTEGER PRIMARY KEY,
  program INTEGER NOT NULL REFERENCES programs(key),
  url TEXT NOT NULL,
  secret TEXT NOT NULL,      -- sealed; '' once removed
  events TEXT NOT NULL,      -- comma-separated: "report.created,report.message,report.state"
  created_at INTEGER NOT NULL,
  created_by TEXT NOT NULL,
  active INTEGER NOT NULL CHECK (active IN (0, 1))
) STRICT;

CREATE INDEX webhooks_by_program ON webhooks (program, key) WHERE active = 1;

-- Every delivery attempt of a webhook's outbox item: when, what the receiver answered (status 0:
-- no answer), how long it took, what came of it, the error that made it fail, and the start of
-- the answer's body.
CREATE TABLE webhook_deliveries (
  key INTEGER PRIMARY KEY,
  outbox INTEGER NOT NULL REFERENCES outbox(key),
  webhook INTEGER NOT NULL REFERENCES webhooks(key),
  at INTEGER NOT NULL,
  status INTEGER NOT NULL,
  duration_ms INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('sent', 'retry', 'failed')),
  error TEXT NOT NULL,       -- '' when delivered
  response TEXT NOT NULL     -- at most 1 KiB
) STRICT;

CREATE INDEX webhook_deliveries_by_webhook ON webhook_deliveries (webhook, key);
