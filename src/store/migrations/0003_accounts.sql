-- The team's side: sign-in state of accounts, two-factor codes, sessions, API tokens, program
-- membership, invitations and instance settings. Every secret is stored as hash_secret(secret).

-- TOTP secrets are sealed (a secret box under the instance key), never stored in clear.
ALTER TABLE users ADD COLUMN totp_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_pending TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN totp_last_step INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN failed_sign_ins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until INTEGER;

CREATE TABLE recovery_codes (
  user INTEGER NOT NULL REFERENCES users(key),
  code_hash TEXT NOT NULL,
  used_at INTEGER,
  PRIMARY KEY (user, code_hash)
) STRICT, WITHOUT ROWID;

CREATE TABLE sessions (
  key INTEGER PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  user INTEGER NOT NULL REFERENCES users(key),
  second_factor_pending INTEGER NOT NULL CHECK (second_factor_pending IN (0, 1)),
  created_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER,
  client TEXT NOT NULL,
  user_agent TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_by_user ON sessions (user, key);

CREATE TABLE api_tokens (
  key INTEGER PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  user INTEGER NOT NULL REFERENCES users(key),
  name TEXT NOT NULL,
  scope TEXT NOT NULL CHECK (scope IN ('read', 'triage', 'admin')),
  program INTEGER REFERENCES programs(key),  -- NULL: every program of its user
  created_at INTEGER NOT NULL,
  last_used_at INTEGER,
  revoked_at INTEGER
) STRICT;

CREATE INDEX api_tokens_by_user ON api_tokens (user, key);

CREATE TABLE memberships (
  program INTEGER NOT NULL REFERENCES programs(key),
  user INTEGER NOT NULL REFERENCES users(key),
  role TEXT NOT NULL CHECK (role IN ('viewer', 'handler', 'owner')),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (program, user)
) STRICT, WITHOUT ROWID;

CREATE INDEX memberships_by_user ON memberships (user, program);

CREATE TABLE invitations (
  key INTEGER PRIMARY KEY,
  secret_hash TEXT NOT NULL UNIQUE,
  program INTEGER NOT NULL REFERENCES programs(key),
  email TEXT NOT NULL COLLATE NOCASE,
  role TEXT NOT NULL CHECK (role IN ('viewer', 'handler', 'owner')),
  invited_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  accepted_at INTEGER,
  accepted_by INTEGER REFERENCES users(key)
) STRICT;

CREATE INDEX invitations_by_program ON invitations (program, key);

-- Instance-wide settings, e.g. two_factor_required = 'true'.
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT, WITHOUT ROWID;
