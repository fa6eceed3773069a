-- Keys against filing one report twice (store.h SubmissionKey): the report form's one-time token
-- and an API client's Idempotency-Key, by digest only, with a digest of what was sent and the
-- report's tracking token sealed under the key (core/submission_key.h). Kept for 24 hours.

CREATE TABLE submission_keys (
  program INTEGER NOT NULL REFERENCES programs(key),
  key_digest TEXT NOT NULL,
  body_digest TEXT NOT NULL,
  report INTEGER NOT NULL REFERENCES reports(key),
  sealed_token TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (program, key_digest)
) STRICT;

CREATE INDEX submission_keys_by_age ON submission_keys (at);
