#!/usr/bin/env bash
# Checks the validators themselves against upstream samples (tests/schemas/README.md): every
# DIR/valid/*.json must be valid and every DIR/invalid/*.json invalid, for KIND. A line
# "FILE<TAB>TEXT" of DIR/invalid/expected-errors.tsv also requires one of FILE's error lines to
# contain TEXT (the failing test's name, a JSON pointer...), so that a sample fails for the reason
# it was written for. All the files go through one run of validate.sh.
#   bash tests/schemas/self_check.sh KIND DIR
# Exits 0 when every sample is judged as expected, 1 when one is not, 2 on a usage error.
set -euo pipefail
if [ $# -ne 2 ]; then
  echo "usage: bash self_check.sh {osv|cve5|csaf|csaf-mandatory|ghsa|csaf-provider} DIR" >&2
  exit 2
fi
kind=$1
dir=$(realpath "$2")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

shopt -s nullglob
valid=("$dir"/valid/*.json "$dir"/valid/*.json.gz)
invalid=("$dir"/invalid/*.json "$dir"/invalid/*.json.gz)
if [ ${#valid[@]} -eq 0 ] && [ ${#invalid[@]} -eq 0 ]; then
  echo "self_check.sh: no sample in $dir/valid or $dir/invalid" >&2
  exit 2
fi

output=$(mktemp)
trap 'rm -f "$output"' EXIT
status=0
bash "$here/validate.sh" "$kind" "${valid[@]}" "${invalid[@]}" >"$output" 2>&1 || status=$?
if [ "$status" -ne 0 ] && [ "$status" -ne 1 ]; then
  echo "self_check.sh: validate.sh $kind exited $status:" >&2
  cat "$output" >&2
  exit 1
fi

passed=0
failed=0
fail() {
  echo "FAIL $1"
  grep -F -- "$2 " "$output" | sed 's/^/    /' || true
  failed=$((failed + 1))
}
for f in "${valid[@]}"; do
  if grep -qxF -- "$f: valid" "$output"; then passed=$((passed + 1)); else fail "$f: expected valid" "$f"; fi
done
expected="$dir/invalid/expected-errors.tsv"
for f in "${invalid[@]}"; do
  if ! grep -qF -- "$f: INVALID (" "$output"; then
    fail "$f: expected invalid" "$f"
    continue
  fi
  name=$(basename "$f")
  text=
  [ -f "$expected" ] && text=$(awk -F'\t' -v n="$name" '$1 == n { print $2; exit }' "$expected")
  # Not grep -q: it would stop reading at the first match, and the first grep, still writing,
  # would die of SIGPIPE, which pipefail reports as no match.
  if [ -n "$text" ] && ! grep -F -- "$f " "$output" | grep -F -- "$text" >/dev/null; then
    fail "$f: invalid, but no error line contains '$text'" "$f"
    continue
  fi
  passed=$((passed + 1))
done
# validate.sh's own exit status must agree: 1 exactly when an invalid sample was given.
want=$([ ${#invalid[@]} -gt 0 ] && echo 1 || echo 0)
if [ "$status" -ne "$want" ]; then
  echo "FAIL validate.sh $kind exited $status, expected $want"
  failed=$((failed + 1))
fi
echo "self_check.sh $kind $2"
echo "samples: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
