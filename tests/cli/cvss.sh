# `embargo cvss`: vectors as arguments or one per line on standard input, text or JSON, an
# answer per vector in order, and exit status 1 when any vector was refused.
# Expected scores come from tests/data/cvss (the file and line are named at each use).
source "$(dirname "$0")/lib.sh"
DATA="$SOURCE/tests/data/cvss"
TAB=$'\t'

# vectors_threat4.txt line 2: 7.3, so High; a threat metric makes it CVSS-BT.
V40="CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A"
# vectors_simple31.txt line 82: (8.8, 8.8, 8.8), a base vector.
V31="CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H"
# vectors_cvsslib2.txt line 1: (5, 3.5, 1.2); environmental metrics make the score 1.2 (Low).
V20="AV:L/AC:M/Au:S/C:N/I:P/A:C/E:U/RL:OF/RC:UR/CDP:N/TD:L/CR:H/IR:H/AR:H"

expect_status 0 "$EMBARGO" cvss "$V40" "$V31" "$V20"
[ "$(sed -n 1p "$WORK/out")" = "7.3${TAB}High${TAB}CVSS-BT${TAB}$V40" ] || fail "4.0 line: $(sed -n 1p "$WORK/out")"
[ "$(sed -n 2p "$WORK/out")" = "8.8${TAB}High${TAB}Base${TAB}$V31" ] || fail "3.1 line: $(sed -n 2p "$WORK/out")"
expect_out "^1\.2${TAB}Low${TAB}Environmental${TAB}AV:L/AC:M/Au:S/"
[ "$(wc -l <"$WORK/out")" -eq 3 ] || fail "three vectors, $(wc -l <"$WORK/out") lines"
[ ! -s "$WORK/err" ] || fail "stderr for vectors in order: $(cat "$WORK/err")"

expect_status 0 "$EMBARGO" cvss --json "$V40"
expect_out "^\{\"vector\":\"$V40\",\"version\":\"4.0\",\"score\":7.3,\"rating\":\"High\",\"nomenclature\":\"CVSS-BT\",\"normalized\":\"$V40\",\"base_score\":[0-9.]+,\"warnings\":\[\]\}$"

# Metrics out of order: accepted, scored the same, normalised, and a warning on stderr.
SHUFFLED="CVSS:4.0/E:A/AC:H/AV:P/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H"
expect_status 0 "$EMBARGO" cvss "$SHUFFLED"
[ "$(cat "$WORK/out")" = "7.3${TAB}High${TAB}CVSS-BT${TAB}$V40" ] || fail "shuffled: $(cat "$WORK/out")"
expect_err "^warning: \"$SHUFFLED\": ."
expect_status 0 "$EMBARGO" cvss --json "$SHUFFLED"
expect_out "\"warnings\":\[\"[^\"]+"

# An invalid vector answers on its own line and makes the status 1, after the others.
expect_status 1 "$EMBARGO" cvss "$V31" "CVSS:4.0/AV:Q" "$V40"
[ "$(sed -n 2p "$WORK/out")" = "error: at character 13: AV does not take the value \"Q\" (allowed: N, A, L, P)" ] ||
  fail "error line: $(sed -n 2p "$WORK/out")"
expect_out "^7\.3${TAB}"
expect_status 1 "$EMBARGO" cvss --json "CVSS:4.0/AV:Q"
expect_out '^\{"vector":"CVSS:4.0/AV:Q","error":\{"code":"invalid_vector","position":13,"message":"at character 13: AV '

# Standard input: one answer per line in order, a CRLF line, an empty line refused.
printf '%s\n%s\n\n%s\r\nCVSS:3.1/AV:N\n%s' "$V40" "CVSS:4.0/AV:Q" "$V31" "$V20" >"$WORK/mixed"
expect_status 1 "$EMBARGO" cvss <"$WORK/mixed"
[ "$(wc -l <"$WORK/out")" -eq 6 ] || fail "six lines in, $(wc -l <"$WORK/out") out: $(cat "$WORK/out")"
[ "$(sed -n 1p "$WORK/out")" = "7.3${TAB}High${TAB}CVSS-BT${TAB}$V40" ] || fail "stdin 1: $(sed -n 1p "$WORK/out")"
sed -n 2p "$WORK/out" | grep -q '^error: at character 13: ' || fail "stdin 2: $(sed -n 2p "$WORK/out")"
sed -n 3p "$WORK/out" | grep -q '^error: at character 1: ' || fail "stdin 3: $(sed -n 3p "$WORK/out")"
[ "$(sed -n 4p "$WORK/out")" = "8.8${TAB}High${TAB}Base${TAB}$V31" ] || fail "stdin 4 (CRLF): $(sed -n 4p "$WORK/out")"
sed -n 5p "$WORK/out" | grep -q '^error: ' || fail "stdin 5: $(sed -n 5p "$WORK/out")"
sed -n 6p "$WORK/out" | grep -q "^1\.2${TAB}Low" || fail "stdin 6 (no final newline): $(sed -n 6p "$WORK/out")"
expect_status 1 "$EMBARGO" cvss --json <"$WORK/mixed"
[ "$(grep -c '"error":' "$WORK/out")" -eq 3 ] || fail "three JSON errors: $(cat "$WORK/out")"
sed -n 4p "$WORK/out" | grep -q "^{\"vector\":\"$V31\",.*\"score\":8.8," || fail "JSON 4: $(sed -n 4p "$WORK/out")"
printf '%s\n%s\n' "$V40" "$V31" >"$WORK/valid"
expect_status 0 "$EMBARGO" cvss <"$WORK/valid"
expect_status 0 "$EMBARGO" cvss </dev/null
[ ! -s "$WORK/out" ] || fail "no input, yet output: $(cat "$WORK/out")"

# A line too long to be a vector is refused without being kept, and reading goes on.
{ head -c 100000 /dev/zero | tr '\0' 'A'; printf '\n%s\n' "$V31"; } >"$WORK/long"
expect_status 1 "$EMBARGO" cvss <"$WORK/long"
sed -n 1p "$WORK/out" | grep -q '^error: at character 4097: the line is longer than 4096' ||
  fail "long line: $(sed -n 1p "$WORK/out" | head -c 200)"
[ "$(sed -n 2p "$WORK/out")" = "8.8${TAB}High${TAB}Base${TAB}$V31" ] || fail "after the long line"

# Every one of the 10,000 random 4.0 vectors of cvss40_random_bte_s.tsv, through stdin, gets
# the reference score on its own line.
gzip -dc "$DATA/generated/cvss40_random_bte_s.tsv.gz" | tail -n +2 >"$WORK/random"
cut -f1 "$WORK/random" >"$WORK/vectors"
expect_status 0 "$EMBARGO" cvss <"$WORK/vectors"
cut -f1 "$WORK/out" >"$WORK/scores"
cut -f2 "$WORK/random" | diff -q - "$WORK/scores" >/dev/null ||
  fail "scores differ from cvss40_random_bte_s.tsv: $(cut -f2 "$WORK/random" | diff - "$WORK/scores" | head -5)"

# Streaming: the answer to a line comes while standard input is still open.
coproc SCORER { "$EMBARGO" cvss; }
echo "$V31" >&"${SCORER[1]}"
if read -r -t 20 answer <&"${SCORER[0]}"; then
  [ "$answer" = "8.8${TAB}High${TAB}Base${TAB}$V31" ] || fail "streamed answer: $answer"
else
  fail "no answer while standard input stays open"
fi
eval "exec ${SCORER[1]}>&-"
wait "$SCORER_PID" || fail "the streaming scorer failed"

expect_status 2 "$EMBARGO" cvss --no-such-option
finish
