#!/usr/bin/env bash
# Mail throughput, run by `make bench`: messages a second through `embargo mail receive` (one
# process per message, as an MTA's pipe transport runs it, sequentially and four at a time) and
# through the outbox to a local SMTP server (tests/support/smtp_sink.py, aiosmtpd). Uses the
# Release build given as $1 (default build-bench). docs/performance.md records the figures.
#
#   bench/mail_load.sh [BUILD_DIR]
#
# MAIL_LOAD_MESSAGES (default 1000) is how many mails each step sends.
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build-bench}
embargo=$(cd "$build" && pwd)/embargo
count=${MAIL_LOAD_MESSAGES:-1000}

[ -x "$embargo" ] || { echo "mail_load: no $embargo: build it first (make bench)" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/embargo-mail-load-XXXXXX")
sink_pid=""
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  gpgconf --homedir "$work/data/gnupg" --kill all 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$embargo" init --data "$work/data" >/dev/null 2>&1
"$embargo" program apply --data "$work/data" "$source_dir/examples/policies/pykour.toml" >/dev/null
mkdir "$work/sink" "$work/mails"
/usr/bin/python3 "$source_dir/tests/support/smtp_sink.py" "$work/sink" >"$work/sink.out" &
sink_pid=$!
for _ in $(seq 50); do grep -q listening "$work/sink.out" 2>/dev/null && break; sleep 0.1; done
port=$(grep -o '[0-9]*' "$work/sink.out" | head -1)

for i in $(seq "$count"); do
  printf 'From: Reporter %d <reporter%d@example.org>\r\nTo: lead@pykour.example\r\nSubject: Finding %d\r\nMessage-ID: <finding.%d@example.org>\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe handler of route %d reads files outside the static root.\r\n' \
    "$i" "$i" "$i" "$i" "$i" >"$work/mails/$i.eml"
done

per_second() { awk -v n="$1" -v s="$2" 'BEGIN { printf "%.0f", n / s }'; }
now() { date +%s.%N; }

# Intake with mail off: the store write and the parse, nothing queued.
start=$(now)
for i in $(seq "$count"); do
  "$embargo" mail receive --data "$work/data" --program pykour <"$work/mails/$i.eml" >/dev/null
done
sequential=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
echo "mail receive, one at a time: $count mails in ${sequential}s: $(per_second "$count" "$sequential")/s"

# Four at a time, with mail on, so that every report queues its receipt.
"$embargo" settings mail --data "$work/data" --smtp-url "smtp://127.0.0.1:$port" \
  --from security@example.org --public-url https://security.example.org >/dev/null
for i in $(seq "$count"); do
  sed "s/finding\.$i@/again.$i@/" "$work/mails/$i.eml" >"$work/mails/again-$i.eml"
done
start=$(now)
seq "$count" | xargs -P 4 -I N sh -c \
  "\"$embargo\" mail receive --data \"$work/data\" --program pykour <\"$work/mails/again-N.eml\" >/dev/null"
parallel=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
echo "mail receive, four at a time, receipts queued: $count mails in ${parallel}s: $(per_second "$count" "$parallel")/s"

start=$(now)
"$embargo" mail send --data "$work/data" --now >/dev/null
sent=$(ls "$work/sink"/*.eml | wc -l)
outbox=$(awk -v a="$start" -v b="$(now)" 'BEGIN { print b - a }')
echo "outbox to the local SMTP server: $sent mails in ${outbox}s: $(per_second "$sent" "$outbox")/s"
