# `embargo user list` and `embargo user reset-password`: a reset replaces the password, signs out
# every session and lifts a lockout; a generated password is shown once.
source "$(dirname "$0")/lib.sh"
DATA="$WORK/data"
sql() { sqlite3 "$DATA/embargo.db" "$@"; }

expect_status 1 "$EMBARGO" user list --data "$DATA"
expect_err "embargo init"

expect_status 0 "$EMBARGO" init --data "$DATA" --email owner@example.org
expect_status 0 sh -c "echo 'a long enough password' | '$EMBARGO' user add --data '$DATA' --email Handler@example.org --password-stdin"
expect_status 0 "$EMBARGO" user list --data "$DATA"
[ "$(wc -l <"$WORK/out")" -eq 2 ] || fail "expected two accounts: $(cat "$WORK/out")"
expect_out "^Handler@example.org	user	2fa off	created [0-9T:-]+Z$"
expect_out "^owner@example.org	admin	2fa off	created "
expect_status 0 "$EMBARGO" user list --data "$DATA" --json
expect_out '^\{"email":"Handler@example.org","admin":false,"two_factor":false,"created_at":"[0-9T:-]+Z"\}$'

# A locked account with a live session: the reset lifts the lock and ends the session.
key=$(sql "SELECT key FROM users WHERE email = 'handler@example.org'")
sql "INSERT INTO sign_in_attempts (email, failures, locked_until, last_attempt_at)
       VALUES ('handler@example.org', 5, unixepoch() + 3600, unixepoch());
     INSERT INTO sessions (secret_hash, account, second_factor_pending, created_at, last_seen_at,
       expires_at, client, user_agent)
     VALUES ('h', $key, 0, unixepoch(), unixepoch(), unixepoch() + 3600, '192.0.2.1', 'test');"
expect_status 0 "$EMBARGO" user list --data "$DATA"
expect_out "^Handler@example.org	.*	locked until "
expect_status 0 "$EMBARGO" user list --data "$DATA" --json
expect_out '"email":"Handler@example.org".*"locked_until":"'
hash_before=$(sql "SELECT password_hash FROM users WHERE key = $key")

expect_status 0 "$EMBARGO" user reset-password --data "$DATA" --email handler@EXAMPLE.org
expect_out "Password of Handler@example.org reset"
expect_out "One-time password: [A-Za-z0-9]{20}$"
password=$(sed -nE 's/^One-time password: //p' "$WORK/out")
[ "$(sql "SELECT password_hash <> '$hash_before' FROM users WHERE key = $key")" = 1 ] \
  || fail "the password hash did not change"
[ "$(sql "SELECT count(*) FROM sessions WHERE account = $key AND revoked_at IS NULL")" = 0 ] \
  || fail "a session survived the reset"
[ "$(sql "SELECT count(*) FROM sign_in_attempts")" = 0 ] \
  || fail "the reset left the lockout"
expect_status 0 "$EMBARGO" user list --data "$DATA"
grep -q "locked until" "$WORK/out" && fail "user list still shows the lock"
grep -qaF "$password" "$DATA"/embargo.db* && fail "the generated password is stored in clear"
[ "$(sql "SELECT count(*) FROM audit_events WHERE action = 'user.password' AND actor = 'cli'")" = 1 ] \
  || fail "the reset was not audited"

expect_status 0 sh -c "echo 'my own new password' | '$EMBARGO' user reset-password --data '$DATA' --email handler@example.org --password-stdin"
grep -q "One-time password" "$WORK/out" && fail "a password given on stdin was printed"
expect_status 1 sh -c "echo short | '$EMBARGO' user reset-password --data '$DATA' --email handler@example.org --password-stdin"
expect_err "at least 12"
expect_status 1 "$EMBARGO" user reset-password --data "$DATA" --email nobody@example.org
expect_err "no account for nobody@example.org"
[ "$(sql "SELECT count(*) FROM audit_events WHERE action = 'user.password'")" = 2 ] \
  || fail "a refused reset wrote something"

# Offboarding: someone leaves. Disabling ends their sessions and tokens at once and keeps them
# out; enabling lets them sign in again with nothing of the old sessions; the last admin stays.
sql "INSERT INTO sessions (secret_hash, account, second_factor_pending, created_at, last_seen_at,
       expires_at, client, user_agent)
     VALUES ('h2', $key, 0, unixepoch(), unixepoch(), unixepoch() + 3600, '192.0.2.1', 'test');
     INSERT INTO api_tokens (secret_hash, account, name, scope, created_at)
     VALUES ('t1', $key, 'ci', 'read', unixepoch());"
expect_status 0 "$EMBARGO" user disable --data "$DATA" --email handler@example.org
expect_out "Handler@example.org disabled"
[ "$(sql "SELECT count(*) FROM sessions WHERE account = $key AND revoked_at IS NULL")" = 0 ] \
  || fail "a session survived disabling"
[ "$(sql "SELECT count(*) FROM api_tokens WHERE account = $key AND revoked_at IS NULL")" = 0 ] \
  || fail "a token survived disabling"
expect_status 0 "$EMBARGO" user list --data "$DATA"
expect_out "^Handler@example.org	.*	disabled [0-9T:-]+Z$"
expect_status 0 "$EMBARGO" user enable --data "$DATA" --email handler@example.org
expect_status 0 "$EMBARGO" user list --data "$DATA"
grep -q "disabled" "$WORK/out" && fail "user list still shows the account disabled"
expect_status 1 "$EMBARGO" user revoke-admin --data "$DATA" --email owner@example.org
expect_err "only admin left"
expect_status 1 "$EMBARGO" user disable --data "$DATA" --email owner@example.org
expect_err "only admin left"
expect_status 0 "$EMBARGO" user make-admin --data "$DATA" --email handler@example.org
expect_status 0 "$EMBARGO" user revoke-admin --data "$DATA" --email owner@example.org
expect_out "owner@example.org is no longer an instance admin"
expect_status 0 "$EMBARGO" user sign-out --data "$DATA" --email handler@example.org
expect_out "0 sessions and tokens revoked"
expect_status 0 "$EMBARGO" user delete --data "$DATA" --email owner@example.org
expect_status 0 "$EMBARGO" user list --data "$DATA"
grep -q "owner@example.org" "$WORK/out" && fail "the deleted account is still listed"
for action in user.disabled user.enabled user.admin user.signed_out_everywhere user.deleted; do
  [ "$(sql "SELECT count(*) FROM audit_events WHERE action = '$action' AND actor = 'cli'")" -ge 1 ] \
    || fail "$action was not audited"
done
expect_status 1 "$EMBARGO" user delete --data "$DATA" --email nobody@example.org
expect_err "no account for nobody@example.org"

for cmd in "user list" "user reset-password" "user disable" "user enable" "user sign-out" \
           "user make-admin" "user revoke-admin" "user delete"; do
  # shellcheck disable=SC2086
  expect_status 0 "$EMBARGO" $cmd --help
  expect_out "--data"
done
finish
