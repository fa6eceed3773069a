# `embargo policy check`: every example policy passes; mistakes are printed as FILE:LINE:COL.
source "$(dirname "$0")/lib.sh"

expect_status 0 "$EMBARGO" policy check "$SOURCE"/examples/policies/*.toml
expect_out "pyspector.toml: ok \(program pyspector\)"
[ "$(grep -c ': ok' "$WORK/out")" -eq 5 ] || fail "expected five policies checked"

bad="$SOURCE/tests/data/policies/typo_and_string.toml"
expect_status 1 "$EMBARGO" policy check "$bad"
expect_err "^$bad:[0-9]+:[0-9]+: .*acknowlege"
expect_err "^$bad:[0-9]+:[0-9]+: .*triage"
[ "$(wc -l <"$WORK/err")" -ge 2 ] || fail "expected both errors"

# A good and a bad file together: the good one is still reported, the status is 1.
expect_status 1 "$EMBARGO" policy check "$SOURCE/examples/policies/pykour.toml" "$bad"
expect_out "pykour.toml: ok"

expect_status 1 "$EMBARGO" policy check "$WORK/does-not-exist.toml"
expect_err "does-not-exist.toml: cannot read the policy file: no such file"
expect_status 1 "$EMBARGO" policy check "$WORK"
expect_err "not a regular file"
expect_status 1 "$EMBARGO" policy check /dev/zero
expect_err "/dev/zero: cannot read the policy file: not a regular file"
head -c 2000000 /dev/zero | tr '\0' '#' >"$WORK/huge.toml"
expect_status 1 "$EMBARGO" policy check "$WORK/huge.toml"
expect_err "huge.toml: cannot read the policy file: larger than 1024 KiB"

printf 'this is = = not toml' >"$WORK/broken.toml"
expect_status 1 "$EMBARGO" policy check "$WORK/broken.toml"
expect_err "broken.toml:1:[0-9]+: "

expect_status 2 "$EMBARGO" policy check
expect_status 0 "$EMBARGO" policy check --help
expect_out "FILE"
finish
