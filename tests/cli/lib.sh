# Shared by the CLI tests: a scratch directory, and assertions that print what went wrong.
set -uo pipefail
EMBARGO=$1
SOURCE=$2
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILED=0

fail() { echo "FAIL: $*"; FAILED=1; }

# expect_status WANT CMD... : runs CMD, keeps its stdout/stderr in $WORK/out and $WORK/err.
expect_status() {
  local want=$1; shift
  "$@" >"$WORK/out" 2>"$WORK/err"
  local got=$?
  [ "$got" -eq "$want" ] || fail "exit $got (wanted $want): $* -- $(cat "$WORK/err")"
}

expect_out() { grep -qE -- "$1" "$WORK/out" || fail "stdout lacks /$1/: $(cat "$WORK/out")"; }
expect_err() { grep -qE -- "$1" "$WORK/err" || fail "stderr lacks /$1/: $(cat "$WORK/err")"; }

finish() {
  [ "$FAILED" -eq 0 ] && echo "all checks passed"
  exit "$FAILED"
}
