#!/usr/bin/env bash
# The store at a million reports (issue 17), not run by `make bench` (it takes a quarter of an
# hour and several GB): one data directory grows to each size of SCALE_BENCH_STEPS (default
# 100000 300000 1000000) with `embargo demo seed`, and at each size prints the write rate, the
# database's size, the median and p99 of the reads a desk makes (one connection, wrk), the time
# of `embargo backup` while the queue is being read, and the server's anonymous and file-backed
# memory (RssAnon, RssFile) after the reads. docs/performance.md records the figures.
#
#   bench/scale.sh [BUILD_DIR]
#
# SCALE_BENCH_SECONDS (default 5) is the length of each wrk run; EMBARGO_BENCH_DIR (default the
# temporary directory) is where the data directory goes.
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build-bench}
embargo=$(cd "$build" && pwd)/embargo
seconds=${SCALE_BENCH_SECONDS:-5}
read -r -a steps <<<"${SCALE_BENCH_STEPS:-100000 300000 1000000}"

[ -x "$embargo" ] || { echo "scale: no $embargo: build it first (make bench)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "scale: wrk is missing (bench/http_load.sh installs it)" >&2; exit 1; }

work=$(mktemp -d "${EMBARGO_BENCH_DIR:-${TMPDIR:-/tmp}}/embargo-scale-XXXXXX")
source "$source_dir/bench/desk_lib.sh"
trap bench_cleanup EXIT

make_instance
admin_token=$("$embargo" token create --data "$data" --user "$admin_email" --scope admin 2>/dev/null)
handler_token=$("$embargo" token create --data "$data" --user handler1@project.example \
  --scope triage --program project 2>/dev/null)
mib() { awk -v kb="$1" 'BEGIN { printf "%.0f", kb / 1024 }'; }

stored=0
for step in "${steps[@]}"; do
  start=$(date +%s.%N)
  "$embargo" demo seed --data "$data" --reports $((step - stored)) --batch 10000 --seed "$step" \
    "${programs[@]}" >/dev/null
  elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  added=$((step - stored))
  rate=$(awk -v n="$added" -v t="$elapsed" 'BEGIN { printf "%.0f", n / t }')
  stored=$step
  size=$(du -cm "$data"/embargo.db* | awk 'END { print $1 }')
  echo "== $step reports: the last $added seeded in $elapsed s ($rate reports/s); database $size MiB"

  start_server
  sign_in
  admin=(-H "Authorization: Bearer $admin_token")
  handler=(-H "Authorization: Bearer $handler_token")
  cookie=(-H "Cookie: embargo_session=$session")
  report=$(curl -sf "${admin[@]}" "$url/api/v1/reports?limit=100" |
    sed -nE 's|.*"id":"([A-Z0-9-]+)".*|\1|p' | head -1)
  [ -n "$report" ] || { echo "scale: no report in the queue" >&2; exit 1; }
  printf '%-34s %10s %10s %12s\n' "read" "median" "p99" "requests/s"
  measure "queue API: a program's handler" "/api/v1/reports" "${handler[@]}"
  measure "queue API: admin, all programs" "/api/v1/reports" "${admin[@]}"
  measure "queue API: unassigned" "/api/v1/reports?handler=none" "${admin[@]}"
  measure "queue API: one handler" "/api/v1/reports?handler=handler1@project.example" "${admin[@]}"
  measure "queue API: high severity" "/api/v1/reports?severity=high" "${admin[@]}"
  measure "queue API: overdue" "/api/v1/reports?overdue=1" "${admin[@]}"
  measure "queue API: one program" "/api/v1/reports?program=project" "${admin[@]}"
  measure "search API" "/api/v1/reports?q=injection" "${admin[@]}"
  measure "queue page" "/desk" "${cookie[@]}"
  measure "report page" "/desk/reports/$report" "${cookie[@]}"
  measure "similar reports API" "/api/v1/reports/$report/similar" "${admin[@]}"
  measure "dashboard page" "/desk/programs/project/dashboard" "${cookie[@]}"
  memory=$(awk '/^RssAnon/ { anon = $2 } /^RssFile/ { file = $2 } END { print anon, file }' \
    "/proc/$embargo_pid/status")
  echo "server memory after the reads: anonymous $(mib "${memory% *}") MiB, file-backed $(mib "${memory#* }") MiB"

  # A backup while the queue is read without pause.
  wrk -t1 -c1 -d600s "${admin[@]}" "$url/api/v1/reports" >/dev/null 2>&1 &
  reader=$!
  start=$(date +%s.%N)
  "$embargo" backup --data "$data" "$work/backup.db" >/dev/null
  echo "backup while serving: $(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
  kill "$reader" 2>/dev/null
  wait "$reader" 2>/dev/null || true
  rm -f "$work"/backup.db*
  stop_server
done
