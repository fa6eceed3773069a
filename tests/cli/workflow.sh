# The command line end to end on a real store: init, programs, users, reports, transitions,
# backup (database and instance key); and refusals that leave the store unchanged.
source "$(dirname "$0")/lib.sh"
DATA="$WORK/data"
umask 022

expect_status 1 "$EMBARGO" program list --data "$DATA"
expect_err "embargo init"
[ ! -e "$DATA" ] || fail "a command other than init created the data directory"

expect_status 0 "$EMBARGO" init --data "$DATA" --email owner@example.org
expect_out "One-time password: [A-Za-z0-9]{20}"
[ "$(stat -c %a "$DATA")" = "700" ] || fail "data directory is not private"
expect_status 1 "$EMBARGO" init --data "$DATA"
expect_err "already initialised"

expect_status 0 "$EMBARGO" program apply --data "$DATA" "$SOURCE"/examples/policies/*.toml
expect_out "created pyspector"
expect_status 0 "$EMBARGO" program apply --data "$DATA" "$SOURCE/examples/policies/pyspector.toml"
expect_out "updated pyspector"
expect_status 0 "$EMBARGO" program list --data "$DATA" --json
[ "$(wc -l <"$WORK/out")" -eq 5 ] || fail "expected five programs"
expect_out '"slug":"pykour"'

# A broken policy applies nothing, even beside a good one; nor does a store refusal (here a
# second program taking pykour's id prefix) after other files were fine.
sed 's/^slug = "pyspector"/slug = "newcomer"/' "$SOURCE/examples/policies/pyspector.toml" >"$WORK/newcomer.toml"
expect_status 1 "$EMBARGO" program apply --data "$DATA" "$WORK/newcomer.toml" \
  "$SOURCE/tests/data/policies/typo_and_string.toml"
sed 's/^slug = "pyspector"/slug = "thief"/; s/^\[program\]/[program]\nid_prefix = "PYKOUR"/' \
  "$SOURCE/examples/policies/pyspector.toml" >"$WORK/thief.toml"
expect_status 1 "$EMBARGO" program apply --data "$DATA" "$WORK/newcomer.toml" "$WORK/thief.toml"
expect_err "id prefix PYKOUR is already used by program pykour"
expect_status 0 "$EMBARGO" program list --data "$DATA" --json
[ "$(wc -l <"$WORK/out")" -eq 5 ] || fail "a refused apply changed the programs"

echo 'a long enough password' | "$EMBARGO" user add --data "$DATA" --email handler@example.org --password-stdin >/dev/null \
  || fail "user add"
expect_status 1 sh -c "echo 'a long enough password' | '$EMBARGO' user add --data '$DATA' --email handler@example.org --password-stdin"
expect_err "handler@example.org"
expect_status 1 sh -c "echo short | '$EMBARGO' user add --data '$DATA' --email x@example.org --password-stdin"
expect_err "at least 12"
expect_status 1 "$EMBARGO" user add --data "$DATA" --email not-an-address --password-stdin
expect_err "not an email address"

cat >"$WORK/report.json" <<'JSON'
{"reporter_name": "N/A", "reporter_email": "finder@example.net",
 "title": "OS command injection in cli.py", "affected_versions": "v0.1.3-beta",
 "severity": "high", "description": "CWE-78: the --rules path reaches a shell.",
 "impact": "Arbitrary commands as the user.", "steps_to_reproduce": "1. run 2. observe",
 "credit": {"kind": "anonymous"}, "consent": true}
JSON
expect_status 0 "$EMBARGO" report submit --data "$DATA" --program pyspector --json "$WORK/report.json"
expect_out '"id":"PYSPECTOR-[0-9]{4}-0001"'
expect_out '"tracking_token":"[A-Za-z0-9_-]{43}"'
id=$(sed -E 's/.*"id":"([^"]+)".*/\1/' "$WORK/out")

# Missing a required field: refused, naming it, and no report is stored.
sed 's/ "severity": "high",//' "$WORK/report.json" >"$WORK/no-severity.json"
grep -q severity "$WORK/no-severity.json" && fail "test set-up: severity still present"
expect_status 1 "$EMBARGO" report submit --data "$DATA" --program pyspector "$WORK/no-severity.json"
expect_err "Severity \(CVSS 4.0\): required"
expect_status 1 "$EMBARGO" report submit --data "$DATA" --program no-such-program "$WORK/report.json"
expect_err "no-such-program"
printf '{"title": ' >"$WORK/truncated.json"
expect_status 1 "$EMBARGO" report submit --data "$DATA" --program pyspector "$WORK/truncated.json"
expect_err "malformed JSON at line 1"
expect_status 0 "$EMBARGO" report list --data "$DATA" --json
[ "$(wc -l <"$WORK/out")" -eq 1 ] || fail "a refused report was stored"

expect_status 0 "$EMBARGO" report show --data "$DATA" "$id"
expect_out "\[new\]"
expect_out "acknowledge \(48 hours\): pending, due "
expect_status 0 "$EMBARGO" report show --data "$DATA" "$id" --json
expect_out '"state":"new"'
expect_out '"kind":"acknowledge"'

# The table forbids new -> fixed: refused, state unchanged.
expect_status 1 "$EMBARGO" report transition --data "$DATA" "$id" --to fixed --actor handler@example.org
expect_err "new.*fixed"
expect_status 1 "$EMBARGO" report transition --data "$DATA" "$id" --to spam --actor handler@example.org
expect_err "reason"
expect_status 0 "$EMBARGO" report transition --data "$DATA" "$id" --to acknowledged --actor handler@example.org
expect_out "new -> acknowledged"
expect_status 0 "$EMBARGO" report show --data "$DATA" "$id" --json
expect_out '"state":"acknowledged"'
expect_out '"kind":"acknowledge","target":"48h","promised":true,"status":"met"'

expect_status 0 "$EMBARGO" report list --data "$DATA" --search injection
expect_out "$id"
expect_status 0 "$EMBARGO" report list --data "$DATA" --search 'NEAR( "unbalanced'
expect_status 1 "$EMBARGO" report list --data "$DATA" --state nonsense
expect_status 1 "$EMBARGO" report show --data "$DATA" NOPE-2026-0001
expect_err "no report"

umask 022  # a permissive caller: embargo's own files must stay private regardless
expect_status 0 "$EMBARGO" backup --data "$DATA" "$WORK/backup.db"
expect_out "to $WORK/backup.db\$"
expect_out "instance.key to $WORK/backup.db.key\$"
[ "$(stat -c %a "$WORK/backup.db")" = "600" ] || fail "the backup is readable by others"
[ "$(stat -c %a "$WORK/backup.db.key")" = "600" ] || fail "the key's backup is readable by others"
cmp -s "$WORK/backup.db.key" "$DATA/instance.key" || fail "the key's backup is not the key"
[ "$(stat -c %a "$DATA/embargo.db")" = "600" ] || fail "the database is readable by others"
mkdir "$WORK/restored" && cp "$WORK/backup.db" "$WORK/restored/embargo.db"
cp "$WORK/backup.db.key" "$WORK/restored/instance.key"
expect_status 0 "$EMBARGO" report show --data "$WORK/restored" "$id"
expect_status 1 "$EMBARGO" backup --data "$DATA" "$WORK/backup.db"
expect_err "backup.db already exists"
# Either file already there: refused before anything is written.
echo taken > "$WORK/other.db.key"
expect_status 1 "$EMBARGO" backup --data "$DATA" "$WORK/other.db"
expect_err "other.db.key already exists"
[ ! -e "$WORK/other.db" ] || fail "a refused backup wrote the database"
[ "$(cat "$WORK/other.db.key")" = taken ] || fail "a refused backup replaced a file"

# The demo reports `make run` files are each accepted by their program's form.
for f in "$SOURCE"/examples/demo/*.json; do
  program=$(basename "$f" | cut -d- -f1)
  expect_status 0 "$EMBARGO" report submit --data "$DATA" --program "$program" "$f"
  expect_out "stored $(echo "$program" | tr a-z A-Z)-"
done

for cmd in init serve "policy check" "program apply" "program list" "user add" "report list" \
           "report show" "report submit" "report transition" backup; do
  # shellcheck disable=SC2086
  expect_status 0 "$EMBARGO" $cmd --help
  expect_out "--data|FILE"
done
finish
