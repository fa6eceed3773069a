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
source "$source_dir/bench/desk_lib.sh"
trap bench_cleanup EXIT

make_instance
start=$(date +%s)
"$embargo" demo seed --data "$data" --reports "$reports" "${programs[@]}" >/dev/null
echo "seeded $reports reports in $(($(date +%s) - start)) s"
token=$("$embargo" token create --data "$data" --user "$admin_email" --scope admin 2>/dev/null)
start_server
sign_in

# A report from the middle of the queue, and a word that occurs in many reports.
report=$(curl -sf -H "Authorization: Bearer $token" "$url/api/v1/reports?limit=100" |
  sed -nE 's|.*"id":"([A-Z0-9-]+)".*|\1|p' | head -1)
[ -n "$report" ] || { echo "desk_load: no report in the queue" >&2; exit 1; }
word=injection

cookie=(-H "Cookie: embargo_session=$session")
bearer=(-H "Authorization: Bearer $token")
printf '%-34s %10s %10s %12s\n' "$reports reports" "median" "p99" "requests/s"
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
