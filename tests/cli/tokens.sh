# `embargo token create|list|revoke`: the token alone on stdout (for scripts), shown once and
# stored hashed; a program-bound token only where its user has a role (or is an admin).
source "$(dirname "$0")/lib.sh"
DATA="$WORK/data"

expect_status 0 "$EMBARGO" init --data "$DATA" --email admin@example.org
expect_status 0 "$EMBARGO" program apply --data "$DATA" "$SOURCE/examples/policies/pyspector.toml" \
  "$SOURCE/examples/policies/pykour.toml"
echo 'a long enough password' | "$EMBARGO" user add --data "$DATA" --email bot@example.org --password-stdin >/dev/null \
  || fail "user add"
"$EMBARGO" member add --data "$DATA" --program pyspector --email bot@example.org --role handler >/dev/null \
  || fail "member add"

expect_status 0 "$EMBARGO" token create --data "$DATA" --user bot@example.org --scope triage --program pyspector --name scanner
[ "$(wc -l <"$WORK/out")" -eq 1 ] || fail "stdout holds more than the token"
expect_out "^[A-Za-z0-9_-]{43}$"
expect_err "shown only now"
token=$(cat "$WORK/out")
grep -qaF "$token" "$DATA"/embargo.db* && fail "the token is stored in clear"

expect_status 1 "$EMBARGO" token create --data "$DATA" --user bot@example.org --scope triage --program pykour
expect_err "bot@example.org has no role in program pykour"
expect_status 1 "$EMBARGO" token create --data "$DATA" --user bot@example.org --scope read --program nope
expect_err "no program nope"
expect_status 1 "$EMBARGO" token create --data "$DATA" --user bot@example.org --scope everything
expect_err "--scope: 'everything' is not a scope"
expect_status 1 "$EMBARGO" token create --data "$DATA" --user nobody@example.org --scope read
expect_err "--user: there is no account for nobody@example.org"
expect_status 0 "$EMBARGO" token create --data "$DATA" --user admin@example.org --scope admin --program pykour
expect_out "^[A-Za-z0-9_-]{43}$"
expect_status 0 "$EMBARGO" token create --data "$DATA" --user bot@example.org --scope read
expect_out "^[A-Za-z0-9_-]{43}$"
expect_err "every program of the account"

expect_status 0 "$EMBARGO" token list --data "$DATA" --user bot@example.org
[ "$(wc -l <"$WORK/out")" -eq 2 ] || fail "expected two tokens: $(cat "$WORK/out")"
expect_out "^1	scanner	triage	pyspector	created [0-9T:-]+Z	never used$"
expect_out "^3	-	read	\(every program\)	created "

expect_status 1 "$EMBARGO" token revoke --data "$DATA" --user admin@example.org --id 1
expect_err "admin@example.org has no live token 1"
expect_status 0 "$EMBARGO" token revoke --data "$DATA" --user bot@example.org --id 1
expect_out "revoked token 1 of bot@example.org"
expect_status 1 "$EMBARGO" token revoke --data "$DATA" --user bot@example.org --id 1
expect_err "no live token 1"
expect_status 0 "$EMBARGO" token list --data "$DATA" --user bot@example.org
expect_out "^1	scanner	.*	revoked [0-9T:-]+Z$"
expect_status 0 "$EMBARGO" token list --data "$DATA" --user bot@example.org --json
expect_out '^\{"id":1,"name":"scanner","scope":"triage","program":"pyspector","created_at":"[0-9T:-]+Z","last_used_at":null,"revoked_at":"[0-9T:-]+Z"\}$'
expect_out '^\{"id":3,.*"program":"",.*"revoked_at":null\}$'

for cmd in "token create" "token list" "token revoke"; do
  # shellcheck disable=SC2086
  expect_status 0 "$EMBARGO" $cmd --help
  expect_out "--user"
done
finish
