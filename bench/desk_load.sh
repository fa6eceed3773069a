#!/usr/bin/env bash
# The desk at scale, run by `make bench`: `embargo demo seed` fills a store with DESK_BENCH_REPORTS
# (default 100,000) generated reports over the five example programs, then wrk measures, one
# connection at a time (the latency a member sees, not throughput), the queue, a search and a
# report, both as pages (signed in with a session cookie) and through the triage API (a token).
# Each program gets three handlers first, so the seeded reports are assigned as on a real desk.
# docs/performance.md records the figures; the goal is a median under 50 ms for each.
#
#   bench/desk_load.sh [BUILD_DIR]
#
# DESK_BENCH_SECONDS (default 10) is the length of each wrk run; EMBARGO_BENCH_DIR (default the
# temporary directory) is where the data directory goes.
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build-bench}
embargo=$(cd "$build" && pwd)/embargo
seconds=${DESK_BENCH_SECONDS:-10}
reports=${DESK_BENCH_REPORTS:-100000}

[ -x "$embargo" ] || { echo "desk_load: no $embargo: build it first (make bench)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "desk_load: wrk is missing (bench/http_load.sh installs it)" >&2; exit 1; }

work=$(mktemp -d "${EMBARGO_BENCH_DIR:-${TMPDIR:-/tmp}}/embargo-desk-load-XXXXXX")
embargo_pid=""
cleanup() {
  [ -n "$embargo_pid" ] && kill "$embargo_pid" 2>/dev/null && wait "$embargo_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

data="$work/data"
admin=$("$embargo" init --data "$data")
email=$(sed -n 's/^Admin account: //p' <<<"$admin")
password=$(sed -n 's/^One-time password: //p' <<<"$admin")
"$embargo" program apply --data "$data" "$source_dir"/examples/policies/*.toml >/dev/null
programs=()
for policy in "$source_dir"/examples/policies/*.toml; do
  programs+=(--program "$(basename "$policy" .toml)")
done
# A team of three handlers per program, so that the seeded reports are assigned as on a desk.
for policy in "$source_dir"/examples/policies/*.toml; do
  slug=$(basename "$policy" .toml)
  for n in 1 2 3; do
    member="handler$n@$slug.example"
    head -c 18 /dev/urandom | base64 | "$embargo" user add --data "$data" --email "$member" --password-stdin >/dev/null
    "$embargo" member add --data "$data" --program "$slug" --email "$member" --role handler >/dev/null
  done
done
start=$(date +%s)
"$embargo" demo seed --data "$data" --reports "$reports" "${programs[@]}" >/dev/null
echo "seeded $reports reports in $(($(date +%s) - start)) s"
token=$("$embargo" token create --data "$data" --user "$email" --scope admin 2>/dev/null)

"$embargo" serve --data "$data" --listen 127.0.0.1:0 >"$work/embargo.log" 2>&1 &
embargo_pid=$!
port=""
for _ in $(seq 100); do
  port=$(sed -nE 's|.*listening on http://127\.0\.0\.1:([0-9]+).*|\1|p' "$work/embargo.log")
  [ -n "$port" ] && break
  sleep 0.1
done
[ -n "$port" ] || { echo "desk_load: embargo did not start:" >&2; cat "$work/embargo.log" >&2; exit 1; }
url="http://127.0.0.1:$port"

# Signing in as a browser does: the form's CSRF token, then the password; the session cookie.
jar="$work/cookies"
csrf=$(curl -sf -c "$jar" "$url/signin" | sed -nE 's|.*name="csrf" value="([^"]+)".*|\1|p' | head -1)
curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
  --data-urlencode "email=$email" --data-urlencode "password=$password" "$url/signin"
session=$(awk '$6 == "embargo_session" { print $7 }' "$jar")
[ -n "$session" ] || { echo "desk_load: signing in failed" >&2; exit 1; }

# A report from the middle of the queue, and a word that occurs in many reports.
report=$(curl -sf -H "Authorization: Bearer $token" "$url/api/v1/reports?limit=100" |
  sed -nE 's|.*"id":"([A-Z0-9-]+)".*|\1|p' | head -1)
[ -n "$report" ] || { echo "desk_load: no report in the queue" >&2; exit 1; }
word=injection

# One wrk run: its median and 99th percentile latency and requests per second.
measure() {
  local name=$1 target=$2
  shift 2
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url$target")
  [ "$status" = 200 ] || { echo "desk_load: $target answered $status" >&2; exit 1; }
  wrk -t1 -c1 -d"${seconds}s" --latency "$@" "$url$target" >"$work/wrk.txt"
  local p50 p99 rate
  p50=$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")
  rate=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.txt")
  printf '%-28s %10s %10s %12s\n' "$name" "$p50" "$p99" "$rate"
}

cookie=(-H "Cookie: embargo_session=$session")
bearer=(-H "Authorization: Bearer $token")
printf '%-28s %10s %10s %12s\n' "$reports reports" "median" "p99" "requests/s"
measure "queue page /desk" "/desk" "${cookie[@]}"
measure "search page /desk?q=" "/desk?q=$word" "${cookie[@]}"
measure "report page" "/desk/reports/$report" "${cookie[@]}"
measure "queue API" "/api/v1/reports" "${bearer[@]}"
measure "search API" "/api/v1/reports?q=$word" "${bearer[@]}"
measure "report API" "/api/v1/reports/$report" "${bearer[@]}"
measure "similar reports API" "/api/v1/reports/$report/similar" "${bearer[@]}"
measure "queue API: unassigned" "/api/v1/reports?handler=none" "${bearer[@]}"
measure "queue API: one handler" "/api/v1/reports?handler=handler1@project.example" "${bearer[@]}"
measure "queue API: high severity" "/api/v1/reports?severity=high" "${bearer[@]}"
measure "queue API: overdue" "/api/v1/reports?overdue=1" "${bearer[@]}"
measure "search API: one program" "/api/v1/reports?q=$word&program=project" "${bearer[@]}"
