# `embargo cwe`: lookups by id with the catalogue's warnings, word search, and precise refusals.
# Expected names and attributes were read from ../shared/standards/cwe/cwe_v4.15_entries.csv.
source "$(dirname "$0")/lib.sh"

expect_status 0 "$EMBARGO" cwe CWE-79
expect_out "^CWE-79  Improper Neutralization of Input During Web Page Generation \('Cross-site Scripting'\)$"
expect_out "weakness, Base, status Stable, mapping Allowed, in NVD view 1003"
expect_status 0 "$EMBARGO" cwe 78 --json
expect_out '"id":"CWE-78"'
expect_out '"warnings":\[\]'

expect_status 0 "$EMBARGO" cwe cwe-20
expect_err "warning: CWE-20 \(Improper Input Validation\): MITRE mapping usage is Discouraged"
expect_status 1 "$EMBARGO" cwe CWE-99999
expect_err "CWE-99999 is not in the CWE 4.15 catalogue"
expect_status 1 "$EMBARGO" cwe CWE-7x
expect_err "unexpected 'x' at character 6"

expect_status 0 "$EMBARGO" cwe SQL injection
expect_out "^CWE-89	Base	view-1003	Improper Neutralization of Special Elements used in an SQL Command"
expect_status 0 "$EMBARGO" cwe injection --limit 3
[ "$(wc -l <"$WORK/out")" -eq 3 ] || fail "--limit 3 printed $(wc -l <"$WORK/out") rows"
expect_status 1 "$EMBARGO" cwe zzzzqqq
expect_err "no CWE entry has every word"
expect_status 2 "$EMBARGO" cwe
finish
