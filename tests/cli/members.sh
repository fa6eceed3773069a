# `embargo member add|remove|list`: roles per program, a second add changes the role, the last
# owner stays, and each mistake (unknown account, program or role) is named and changes nothing.
source "$(dirname "$0")/lib.sh"
DATA="$WORK/data"

expect_status 0 "$EMBARGO" init --data "$DATA" --email owner@example.org
expect_status 0 "$EMBARGO" program apply --data "$DATA" "$SOURCE/examples/policies/pyspector.toml" \
  "$SOURCE/examples/policies/pykour.toml"

expect_status 1 "$EMBARGO" member add --data "$DATA" --program pyspector --email alice@example.org --role handler
expect_err "no account for alice@example.org: create it with \`embargo user add --email alice@example.org\` first"
echo 'a long enough password' | "$EMBARGO" user add --data "$DATA" --email alice@example.org --password-stdin >/dev/null \
  || fail "user add"

expect_status 0 "$EMBARGO" member add --data "$DATA" --program pyspector --email alice@example.org --role handler
expect_out "added alice@example.org to pyspector as handler"
expect_status 0 "$EMBARGO" member add --data "$DATA" --program pyspector --email ALICE@example.org --role owner
expect_out "alice@example.org in pyspector: handler -> owner"
expect_status 0 "$EMBARGO" member add --data "$DATA" --program pyspector --email owner@example.org --role viewer

expect_status 1 "$EMBARGO" member add --data "$DATA" --program pyspector --email alice@example.org --role boss
expect_err "--role: 'boss' is not a role"
expect_status 1 "$EMBARGO" member add --data "$DATA" --program nope --email alice@example.org --role viewer
expect_err "no program nope"
expect_status 2 "$EMBARGO" member add --data "$DATA" --program pyspector --email alice@example.org
expect_err "--role"

expect_status 0 "$EMBARGO" member list --data "$DATA" --program pyspector
[ "$(wc -l <"$WORK/out")" -eq 2 ] || fail "expected two members: $(cat "$WORK/out")"
expect_out "^alice@example.org	owner	added [0-9T:-]+Z$"
expect_out "^owner@example.org	viewer	added "
expect_status 0 "$EMBARGO" member list --data "$DATA" --program pyspector --json
expect_out '^\{"email":"alice@example.org","role":"owner","added_at":"[0-9T:-]+Z"\}$'
expect_status 0 "$EMBARGO" member list --data "$DATA" --program pykour
expect_out "no members yet"
expect_status 1 "$EMBARGO" member list --data "$DATA" --program nope
expect_err "no program nope"

# A program that has an owner keeps one: alice, its last owner, can neither go nor step down.
expect_status 1 "$EMBARGO" member remove --data "$DATA" --program pyspector --email alice@example.org
expect_err "alice@example.org is the program's last owner"
expect_status 1 "$EMBARGO" member add --data "$DATA" --program pyspector --email alice@example.org --role viewer
expect_err "make another member owner first"
expect_status 0 "$EMBARGO" member add --data "$DATA" --program pyspector --email owner@example.org --role owner
expect_status 0 "$EMBARGO" member remove --data "$DATA" --program pyspector --email alice@example.org
expect_out "removed alice@example.org from pyspector"
expect_status 1 "$EMBARGO" member remove --data "$DATA" --program pyspector --email alice@example.org
expect_err "alice@example.org is not a member of pyspector"
expect_status 0 "$EMBARGO" member list --data "$DATA" --program pyspector
[ "$(wc -l <"$WORK/out")" -eq 1 ] || fail "the removed member is still listed"

for cmd in "member add" "member remove" "member list"; do
  # shellcheck disable=SC2086
  expect_status 0 "$EMBARGO" $cmd --help
  expect_out "--program"
done
finish
