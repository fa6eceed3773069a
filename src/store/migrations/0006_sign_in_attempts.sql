-- Sign-in attempts are counted per email address (compared ignoring ASCII case), whether or not
-- an account has it, so that an unknown address locks exactly like a known one and failed
-- sign-ins do not tell which accounts exist. An attempt counts as soon as it is reserved, before
-- its password or code is checked; a successful sign-in deletes its address's row. Rows
-- untouched for a day with no lock running are forgotten, so guesses at unknown addresses
-- leave nothing behind for long.
CREATE TABLE sign_in_attempts (
  email TEXT PRIMARY KEY COLLATE NOCASE,
  failures INTEGER NOT NULL CHECK (failures > 0),  -- since the last successful sign-in
  locked_until INTEGER,                            -- nothing is checked before this
  last_attempt_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

CREATE INDEX sign_in_attempts_by_age ON sign_in_attempts (last_attempt_at);

INSERT INTO sign_in_attempts (email, failures, locked_until, last_attempt_at)
SELECT email, max(failed_sign_ins, 1), locked_until, unixepoch() FROM users
WHERE failed_sign_ins > 0 OR locked_until IS NOT NULL;

ALTER TABLE users DROP COLUMN failed_sign_ins;
ALTER TABLE users DROP COLUMN locked_until;
