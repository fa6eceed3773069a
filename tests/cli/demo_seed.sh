# embargo demo seed: generated reports land in the named programs through the store, spread
# over states, severities and labels; an unknown program is refused before anything is stored.
source "$(dirname "$0")/lib.sh"
DATA="$WORK/data"

expect_status 0 "$EMBARGO" init --data "$DATA" --email owner@example.org
expect_status 0 "$EMBARGO" program apply --data "$DATA" "$SOURCE"/examples/policies/pyspector.toml \
  "$SOURCE"/examples/policies/company.toml

expect_status 1 "$EMBARGO" demo seed --data "$DATA" --reports 5 --program pyspector --program nope
expect_err "no program 'nope'"
expect_status 0 "$EMBARGO" report list --data "$DATA" --json
[ "$(wc -l <"$WORK/out")" -eq 0 ] || fail "a refused seed stored reports"

# pyspector has a team of one handler (and a viewer, who never handles); company has none.
echo "a long enough password" | expect_status 0 "$EMBARGO" user add --data "$DATA" \
  --email handler@example.org --password-stdin
echo "a long enough password" | expect_status 0 "$EMBARGO" user add --data "$DATA" \
  --email viewer@example.org --password-stdin
expect_status 0 "$EMBARGO" member add --data "$DATA" --program pyspector \
  --email handler@example.org --role handler
expect_status 0 "$EMBARGO" member add --data "$DATA" --program pyspector \
  --email viewer@example.org --role viewer

expect_status 0 "$EMBARGO" demo seed --data "$DATA" --reports 120 --program pyspector \
  --program company --batch 50
expect_out "seeded 120 reports in 2 programs"

expect_status 0 "$EMBARGO" report list --data "$DATA" --json --limit 500
[ "$(wc -l <"$WORK/out")" -eq 120 ] || fail "expected 120 reports, got $(wc -l <"$WORK/out")"
for program in pyspector company; do
  [ "$(grep -c "\"program\":\"$program\"" "$WORK/out")" -eq 60 ] || fail "expected 60 in $program"
done
states=$(grep -o '"state":"[a-z_]*"' "$WORK/out" | sort -u | wc -l)
[ "$states" -ge 5 ] || fail "only $states states among the generated reports"
grep -q '"severity":"' "$WORK/out" || fail "no generated report has a severity"
grep -q '"labels":\["' "$WORK/out" || fail "no generated report has labels"
# The team takes most acknowledged reports; only members who handle are given any.
handled=$(grep '"program":"pyspector"' "$WORK/out" | grep -c '"handler":"handler@example.org"')
[ "$handled" -ge 20 ] || fail "only $handled pyspector reports went to its handler"
grep -q '"handler":"viewer@example.org"' "$WORK/out" && fail "a viewer was made a handler"
grep '"program":"company"' "$WORK/out" | grep -q '"handler":"[^"]' &&
  fail "a company report has a handler, but company has no team"
years=$(grep -o '"received_at":"[0-9]*' "$WORK/out" | sort -u | wc -l)
[ "$years" -ge 2 ] || fail "the reports were not received over more than one year"

# Duplicates point at an earlier report of their own program, whatever the batch size (the docs
# promise near-duplicates for the similar-reports panel).
for batch in 1 50 1000; do
  data="$WORK/batch$batch"
  expect_status 0 "$EMBARGO" init --data "$data" --email owner@example.org
  expect_status 0 "$EMBARGO" program apply --data "$data" "$SOURCE"/examples/policies/pyspector.toml \
    "$SOURCE"/examples/policies/company.toml
  expect_status 0 "$EMBARGO" demo seed --data "$data" --reports 120 --program pyspector \
    --program company --batch "$batch" --seed 7
  expect_status 0 "$EMBARGO" report list --data "$data" --state duplicate --json --limit 500
  duplicates=$(wc -l <"$WORK/out")
  [ "$duplicates" -ge 2 ] || fail "--batch $batch: only $duplicates duplicates among 120 reports"
  dup=$(head -1 "$WORK/out" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  expect_status 0 "$EMBARGO" report show --data "$data" "$dup"
  expect_out "duplicate of ${dup%%-*}-"
done

# The queue runs by due time: an open report with a running clock comes first.
expect_status 0 "$EMBARGO" report list --data "$DATA" --json --open --order due --limit 1
expect_out '"due_at":"[0-9]{4}-'
finish
