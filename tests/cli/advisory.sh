# `embargo advisory`: a PySpector report drafted into an advisory, refused bad drafts that store
# nothing, a schedule that refuses the past and logs every move, publication (which discloses
# the report), the OSV export checked by the OSV schema itself (tests/schemas), the Markdown
# snippet with the reporter's credit, an update as a new revision, and a withdrawal.
source "$(dirname "$0")/lib.sh"
DATA="$WORK/data"

expect_status 0 "$EMBARGO" init --data "$DATA" --email owner@example.org
expect_status 0 "$EMBARGO" program apply --data "$DATA" "$SOURCE/examples/policies/pyspector.toml"
cat >"$WORK/report.json" <<'JSON'
{"reporter_name": "Ada Lovelace", "reporter_email": "ada@example.net",
 "title": "OS command injection in cli.py", "affected_versions": "0.1.3b0",
 "severity": "high", "description": "CWE-78: the --rules path reaches a shell.",
 "impact": "Arbitrary commands as the user.", "steps_to_reproduce": "1. run 2. observe",
 "credit": {"kind": "name", "text": "Ada Lovelace"}, "consent": true}
JSON
expect_status 0 "$EMBARGO" report submit --data "$DATA" --program pyspector --json "$WORK/report.json"
report=$(sed -E 's/.*"id":"([^"]+)".*/\1/' "$WORK/out")

cat >"$WORK/draft.json" <<'JSON'
{"summary": "OS command injection through the --rules path",
 "details": "The `--rules` path reached `subprocess` with `shell=True`.\n\n**Upgrade to 0.1.4.**",
 "affected": [{"ecosystem": "PyPI", "name": "pyspector", "purl": "pkg:pypi/pyspector",
               "ranges": [">= 0.1.0, < 0.1.4"]}],
 "cvss_vector": "CVSS:4.0/AV:L/AC:L/AT:N/PR:N/UI:P/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
 "cwes": ["CWE-78"],
 "references": [{"type": "fix", "url": "https://github.com/ParzivalHack/PySpector/releases/tag/v0.1.4"}],
 "credits": [{"role": "finder", "report": "REPORT"},
             {"role": "remediation_developer", "name": "Żaneta Wiśniewska"}]}
JSON
sed -i "s/REPORT/$report/" "$WORK/draft.json"

# Bad drafts: each refused naming the field; no advisory is stored.
sed 's/>= 0.1.0, < 0.1.4/> 0.1.0/' "$WORK/draft.json" >"$WORK/bad-range.json"
expect_status 1 "$EMBARGO" advisory create --data "$DATA" --program pyspector --report "$report" --draft "$WORK/bad-range.json"
expect_err "affected\[1\]\.ranges\[1\]"
sed 's/\*\*Upgrade to 0.1.4.\*\*/<script>alert(1)<\/script>/' "$WORK/draft.json" >"$WORK/script.json"
expect_status 1 "$EMBARGO" advisory create --data "$DATA" --program pyspector --report "$report" --draft "$WORK/script.json"
expect_err "details: line 3: raw HTML"
sed 's/"report": "[^"]*"/"report": "PYSPECTOR-1999-0001"/' "$WORK/draft.json" >"$WORK/stranger.json"
expect_status 1 "$EMBARGO" advisory create --data "$DATA" --program pyspector --report "$report" --draft "$WORK/stranger.json"
expect_err "credits\[1\]\.report"
printf '{"summary": "x", "affected": [' >"$WORK/truncated.json"
expect_status 1 "$EMBARGO" advisory create --data "$DATA" --program pyspector --report "$report" --draft "$WORK/truncated.json"
expect_status 0 "$EMBARGO" advisory list --data "$DATA" --program pyspector
expect_out "has no advisories"

expect_status 0 "$EMBARGO" advisory create --data "$DATA" --program pyspector --report "$report" --draft "$WORK/draft.json"
advisory=$(cat "$WORK/out")
[[ "$advisory" =~ ^PYSPECTOR-SA-[0-9]{4}-0001$ ]] || fail "advisory id: $advisory"
expect_status 0 "$EMBARGO" advisory show --data "$DATA" "$advisory"
expect_out "\"Ada Lovelace\" will be published"   # PySpector credits valid reporters by default

# Nothing to export before publication; the report is not accepted yet, so no schedule either.
expect_status 1 "$EMBARGO" advisory export --data "$DATA" "$advisory" --public-url https://security.example.org
expect_err "no published revision"
expect_status 1 "$EMBARGO" advisory schedule --data "$DATA" "$advisory" --at 2099-01-01T09:00:00Z
expect_err "only an accepted vulnerability"
for to in acknowledged accepted fixed; do
  expect_status 0 "$EMBARGO" report transition --data "$DATA" "$report" --to $to --actor owner@example.org
done
expect_status 1 "$EMBARGO" advisory schedule --data "$DATA" "$advisory" --at 2020-01-01T09:00:00Z
expect_err "publish_at|not in the future"
expect_status 0 "$EMBARGO" advisory schedule --data "$DATA" "$advisory" --at 2099-01-01T09:00:00Z
expect_status 1 "$EMBARGO" advisory schedule --data "$DATA" "$advisory" --at 2099-01-02T09:00:00Z
expect_err "reason"
expect_status 0 "$EMBARGO" advisory schedule --data "$DATA" "$advisory" --at 2099-01-02T09:00:00Z --reason "Release moved"
expect_status 0 "$EMBARGO" advisory show --data "$DATA" "$advisory" --json
expect_out '"from":"2099-01-01T09:00:00Z","to":"2099-01-02T09:00:00Z"|"to":"2099-01-02T09:00:00Z","reason":"Release moved","from":"2099-01-01T09:00:00Z"'
expect_status 0 "$EMBARGO" advisory publish-due --data "$DATA"
expect_out "nothing is due"

expect_status 0 "$EMBARGO" advisory publish --data "$DATA" "$advisory"
expect_out "published"
expect_status 0 "$EMBARGO" report show --data "$DATA" "$report" --json
expect_out '"state":"disclosed"'

expect_status 0 "$EMBARGO" advisory export --data "$DATA" "$advisory" --public-url https://security.example.org/
cp "$WORK/out" "$WORK/osv.json"
bash "$SOURCE/tests/schemas/validate.sh" osv "$WORK/osv.json" >"$WORK/validation" 2>&1 ||
  fail "the OSV export fails the OSV schema: $(cat "$WORK/validation")"
grep -q "\"id\":\"x_$advisory\"" "$WORK/osv.json" || fail "OSV id: $(cat "$WORK/osv.json")"
grep -q '"events":\[{"introduced":"0.1.0"},{"fixed":"0.1.4"}\]' "$WORK/osv.json" || fail "events"
grep -q '"type":"ECOSYSTEM"' "$WORK/osv.json" || fail "PyPI ranges are ECOSYSTEM ranges"
grep -q "\"url\":\"https://security.example.org/p/pyspector/advisories/$advisory\"" "$WORK/osv.json" || fail "advisory URL"
grep -q '"credits":\[{"name":"Ada Lovelace","type":"FINDER"},{"name":"Żaneta Wiśniewska","type":"REMEDIATION_DEVELOPER"}\]' "$WORK/osv.json" ||
  fail "credits: $(cat "$WORK/osv.json")"
grep -q '"database_specific":{"cwe_ids":\["CWE-78"\]}' "$WORK/osv.json" || fail "CWE ids"
# A broken record fails the same validator: the check above can fail.
sed 's/"introduced":"0.1.0"/"introduce":"0.1.0"/' "$WORK/osv.json" >"$WORK/broken.json"
bash "$SOURCE/tests/schemas/validate.sh" osv "$WORK/broken.json" >/dev/null 2>&1 && fail "the validator accepted a broken record"

expect_status 0 "$EMBARGO" advisory export --data "$DATA" "$advisory" --format markdown --public-url https://security.example.org
grep -qxF "## $advisory: OS command injection through the --rules path" "$WORK/out" || fail "heading: $(cat "$WORK/out")"
grep -qxF -- '- **Affected**: `pyspector` (PyPI) \>= 0.1.0, \< 0.1.4' "$WORK/out" || fail "affected: $(cat "$WORK/out")"
grep -qxF -- '- **Fixed in**: 0.1.4' "$WORK/out" || fail "fixed in: $(cat "$WORK/out")"
expect_out "^- Ada Lovelace \(finder\)$"

# A CVE record needs the CVE id a CNA assigned, and that CNA's UUID.
CNA=b3476cb9-2e3d-41a6-98d0-0f47421a65b6
expect_status 1 "$EMBARGO" advisory export --data "$DATA" "$advisory" --format cve5 --cna-org-id "$CNA" --public-url https://security.example.org
expect_err "aliases: the advisory has no CVE id"

# An update is a new revision; a withdrawal stays public, with its reason.
sed 's/OS command injection through the --rules path/OS command injection via --rules/; s/"cwes": \["CWE-78"\],/"cwes": ["CWE-78"], "aliases": ["CVE-2026-12345"],/' "$WORK/draft.json" >"$WORK/update.json"
grep -q CVE-2026-12345 "$WORK/update.json" || fail "test set-up: no alias in the update"
expect_status 0 "$EMBARGO" advisory update --data "$DATA" "$advisory" --draft "$WORK/update.json"
expect_status 0 "$EMBARGO" advisory export --data "$DATA" "$advisory" --public-url https://security.example.org
expect_out '"summary":"OS command injection through the --rules path"'
expect_status 0 "$EMBARGO" advisory publish --data "$DATA" "$advisory"
expect_status 1 "$EMBARGO" advisory export --data "$DATA" "$advisory" --format cve5 --public-url https://security.example.org
expect_err "cna-org-id"
expect_status 0 "$EMBARGO" advisory export --data "$DATA" "$advisory" --format cve5 --cna-org-id "$CNA" --public-url https://security.example.org
cp "$WORK/out" "$WORK/cve.json"
bash "$SOURCE/tests/schemas/validate.sh" cve5 "$WORK/cve.json" >"$WORK/validation" 2>&1 ||
  fail "the CVE record fails the CVE JSON 5.1.1 schema: $(cat "$WORK/validation")"
grep -q '"cveId":"CVE-2026-12345"' "$WORK/cve.json" || fail "cveId: $(cat "$WORK/cve.json")"
# GitHub's repository-advisory body, checked against GitHub's own description of the request.
expect_status 0 "$EMBARGO" advisory export --data "$DATA" "$advisory" --format ghsa
cp "$WORK/out" "$WORK/ghsa.json"
bash "$SOURCE/tests/schemas/validate.sh" ghsa "$WORK/ghsa.json" >"$WORK/validation" 2>&1 ||
  fail "the GitHub body fails GitHub's schema: $(cat "$WORK/validation")"
grep -q '"ecosystem":"pip"' "$WORK/ghsa.json" || fail "GitHub ecosystem: $(cat "$WORK/ghsa.json")"
expect_status 0 "$EMBARGO" advisory withdraw --data "$DATA" "$advisory" --reason "Duplicate of an older advisory"
expect_status 0 "$EMBARGO" advisory export --data "$DATA" "$advisory" --public-url https://security.example.org
cp "$WORK/out" "$WORK/withdrawn.json"
grep -q '"withdrawn":"' "$WORK/withdrawn.json" || fail "withdrawn: $(cat "$WORK/withdrawn.json")"
grep -q '"summary":"OS command injection via --rules"' "$WORK/withdrawn.json" || fail "update not published"
bash "$SOURCE/tests/schemas/validate.sh" osv "$WORK/withdrawn.json" >"$WORK/validation" 2>&1 ||
  fail "the withdrawn record fails the OSV schema: $(cat "$WORK/validation")"
# CSAF: every published revision in its history, the last one the withdrawal.
expect_status 0 "$EMBARGO" advisory export --data "$DATA" "$advisory" --format csaf --public-url https://security.example.org
cp "$WORK/out" "$WORK/csaf.json"
bash "$SOURCE/tests/schemas/validate.sh" csaf-mandatory "$WORK/csaf.json" >"$WORK/validation" 2>&1 ||
  fail "the CSAF document fails the CSAF validator: $(cat "$WORK/validation")"
grep -q '"number":"3","summary":"Withdrawn: Duplicate of an older advisory"' "$WORK/csaf.json" ||
  fail "revision history: $(cat "$WORK/csaf.json")"
lower=$(echo "$advisory" | tr 'A-Z' 'a-z')
grep -q "\"url\":\"https://security.example.org/p/pyspector/csaf/20[0-9][0-9]/$lower.json\"" "$WORK/csaf.json" ||
  fail "canonical URL: $(cat "$WORK/csaf.json")"
finish
