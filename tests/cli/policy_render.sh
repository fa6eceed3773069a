# `embargo policy render`: a policy file as security.txt or SECURITY.md on stdout.
source "$(dirname "$0")/lib.sh"

policies="$SOURCE/examples/policies"
bad_policy="$SOURCE/tests/data/policies/typo_and_string.toml"
public=https://security.example.org

expect_status 0 "$EMBARGO" policy render "$policies/pyspector.toml" --format security-txt \
  --public-url "$public/"
expect_out "^Contact: $public/p/pyspector/report\$"
expect_out "^Policy: $public/p/pyspector\$"
expect_out "^Canonical: $public/p/pyspector/security.txt\$"
expect_out "^Preferred-Languages: en\$"
# Expires: the start of today (UTC) plus 364 days, as date(1) counts it.
expect_out "^Expires: $(date -u -d '+364 days' +%Y-%m-%d)T00:00:00Z\$"
[ "$(grep -c '^Expires:' "$WORK/out")" -eq 1 ] || fail "exactly one Expires"
[ -s "$WORK/err" ] && fail "no warning expected with an https public URL: $(cat "$WORK/err")"

expect_status 0 "$EMBARGO" policy render "$policies/pyflashbackup.toml" --format security-txt \
  --public-url "$public"
expect_out "^Contact: mailto:stas-chubar@yandex.ru\$"
expect_out "^Encryption: https://github.com/schubarkrsk/pgp-keys/blob/main/public.txt\$"

# Without --public-url the links point at `embargo serve`'s default address, with a warning.
expect_status 0 "$EMBARGO" policy render "$policies/company.toml" --format security-txt
expect_out "^Contact: http://127.0.0.1:8080/p/company/report\$"
expect_err "warning: .*not https: RFC 9116"
# A warning is never part of the file.
grep -q warning "$WORK/out" && fail "the warning went to stdout"

expect_status 0 "$EMBARGO" policy render "$policies/pyflashbackup.toml" --format security-md \
  --public-url "$public"
expect_out "^# PyFlashBackup Security Policy\$"
expect_out "By email to \[stas-chubar@yandex.ru\]\(mailto:stas-chubar@yandex.ru\)"
expect_out "^Last updated: 22 december 2023\$"
[ -s "$WORK/err" ] && fail "no warning expected for SECURITY.md: $(cat "$WORK/err")"

# html: the policy page as GET /p/{slug} serves it (tests/integration/live_policy_test.cc
# compares the bytes with a running server's), its links under the public URL's path.
expect_status 0 "$EMBARGO" policy render "$policies/pyspector.toml" --format html \
  --public-url "$public/security"
expect_out "^<!DOCTYPE html>\$"
expect_out "<title>PySpector security policy</title>"
expect_out 'href="/security/p/pyspector/security.txt"'
expect_out 'href="/security/static/style.css\?v=[0-9a-f]{16}"'
[ -s "$WORK/err" ] && fail "no warning expected for html: $(cat "$WORK/err")"
expect_status 1 "$EMBARGO" policy render "$bad_policy" --format html
[ -s "$WORK/out" ] && fail "no page is rendered from a broken policy"

# Refusals: unknown or missing format, a broken policy, a bad public URL.
expect_status 2 "$EMBARGO" policy render "$policies/pyspector.toml" --format html5
expect_err "html5"
expect_status 2 "$EMBARGO" policy render "$policies/pyspector.toml"
expect_err "format"
expect_status 1 "$EMBARGO" policy render "$bad_policy" --format security-txt
expect_err "^$bad_policy:[0-9]+:[0-9]+: .*acknowlege"
[ -s "$WORK/out" ] && fail "nothing is rendered from a broken policy"
expect_status 1 "$EMBARGO" policy render "$WORK/missing.toml" --format security-md
expect_err "missing.toml: cannot read the policy file"
expect_status 1 "$EMBARGO" policy render "$policies/pyspector.toml" --format security-txt \
  --public-url ftp://security.example.org
expect_err "must start with https:// or http://"

expect_status 0 "$EMBARGO" policy render --help
expect_out "html\|security-md\|security-txt"
finish
