# `embargo settings two-factor`: shows the instance's two-factor requirement, switches it with
# --required or --optional (not both), and says how many accounts still have to set it up.
source "$(dirname "$0")/lib.sh"
DATA="$WORK/data"

expect_status 1 "$EMBARGO" settings two-factor --data "$DATA"
expect_err "embargo init"
expect_status 0 "$EMBARGO" init --data "$DATA" --email admin@example.org
echo 'a long enough password' | "$EMBARGO" user add --data "$DATA" --email alice@example.org --password-stdin >/dev/null \
  || fail "user add"

expect_status 0 "$EMBARGO" settings two-factor --data "$DATA"
expect_out "^two-factor sign-in: optional$"

expect_status 0 "$EMBARGO" settings two-factor --data "$DATA" --required
expect_out "^two-factor sign-in: required for every account$"
expect_out "^2 accounts without it must set it up at the next sign-in$"
expect_status 0 "$EMBARGO" settings two-factor --data "$DATA"
expect_out "required for every account"

expect_status 2 "$EMBARGO" settings two-factor --data "$DATA" --required --optional
expect_err "excludes"
expect_status 0 "$EMBARGO" settings two-factor --data "$DATA"
expect_out "required for every account"

expect_status 0 "$EMBARGO" settings two-factor --data "$DATA" --optional
expect_out "^two-factor sign-in: optional$"
expect_status 0 "$EMBARGO" settings two-factor --data "$DATA"
expect_out "optional"

expect_status 2 "$EMBARGO" settings
expect_status 0 "$EMBARGO" settings two-factor --help
expect_out "--required"
finish
