#!/usr/bin/env bash
# SQLite against PostgreSQL with one and three servers (issue 18), not run by `make bench` (to a
# million reports it takes about 15 minutes on a 2-core VM and several GB). One SQLite instance
# grows to each size of CLUSTER_BENCH_STEPS (default 100000 1000000) with `embargo demo seed`;
# at each size it is copied into a fresh PostgreSQL database with `embargo migrate --from --to`
# (the copy's time is printed too), and then, for SQLite with one server, PostgreSQL with one
# server and PostgreSQL with three servers behind nginx (round-robin), the script prints:
#   - submissions per second: wrk posting reports to the API for CLUSTER_BENCH_SECONDS (default
#     10) with 32 connections, counting only the 201s;
#   - the latency of a handler's queue (the API, one connection at a time): median and p99.
# The PostgreSQL server is made by tests/postgres/server.sh with 2 GB of shared buffers, on the
# same machine: the figures compare the engines, not a network. docs/performance.md records them.
#
#   bench/cluster.sh [BUILD_DIR]
#
# EMBARGO_BENCH_DIR (default the temporary directory) is where the data goes.
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build-bench}
embargo=$(cd "$build" && pwd)/embargo
seconds=${CLUSTER_BENCH_SECONDS:-10}
read -r -a steps <<<"${CLUSTER_BENCH_STEPS:-100000 1000000}"

[ -x "$embargo" ] || { echo "cluster: no $embargo: build it first (make bench)" >&2; exit 1; }
for tool in wrk nginx psql; do
  command -v "$tool" >/dev/null || { echo "cluster: $tool is missing" >&2; exit 1; }
done

work=$(mktemp -d "${EMBARGO_BENCH_DIR:-${TMPDIR:-/tmp}}/embargo-cluster-XXXXXX")
chmod 755 "$work"
source "$source_dir/bench/desk_lib.sh"
pg_dir="$work/postgres"
# The processes to stop, one pid a line: serve and balance run in command substitutions, whose
# variables die with them, so the list is a file.
pids="$work/pids"
stop_all() {
  if [ -f "$pids" ]; then
    while read -r pid; do kill "$pid" 2>/dev/null; done <"$pids"
    while read -r pid; do while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done; done <"$pids"
    rm -f "$pids"
  fi
  return 0
}
cleanup() {
  stop_all
  bash "$source_dir/tests/postgres/server.sh" stop "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT

EMBARGO_PG_OPTIONS="-c shared_buffers=2GB -c effective_cache_size=8GB -c work_mem=16MB" \
  bash "$source_dir/tests/postgres/server.sh" start "$pg_dir"
server_url=$(cat "$pg_dir/url")
database_url=${server_url/\/postgres\?//bench?}

make_instance
handler_token=$("$embargo" token create --data "$data" --user handler1@company.example \
  --scope read --program company 2>/dev/null)

cat >"$work/submit.lua" <<'LUA'
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"vulnerability_type":"Stored cross-site scripting","affected_component":"https://shop.example.com/reviews","requirements":"A customer account","steps_to_reproduce":"1. Post a review with a script tag.\\n2. Open it.","impact":"Session theft.","credit":{"kind":"anonymous"},"consent":true}'
LUA

# Starts one server on the data given by its flags; prints its port.
serve() {
  local log="$work/serve-$#-$RANDOM.log" port="" _
  "$embargo" serve --listen 127.0.0.1:0 --submission-rate-limit 0 --trusted-proxy 127.0.0.1 \
    "$@" >"$log" 2>&1 &
  echo $! >>"$pids"
  for _ in $(seq 300); do
    port=$(sed -nE 's|.*listening on http://127\.0\.0\.1:([0-9]+).*|\1|p' "$log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "cluster: embargo did not start:" >&2; cat "$log" >&2; exit 1; }
  echo "$port"
}

# nginx on a free port in front of the ports given; prints its port.
balance() {
  local dir="$work/nginx" port servers=""
  rm -rf "$dir" && mkdir -p "$dir"
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  for p in "$@"; do servers+="    server 127.0.0.1:$p;"$'\n'; done
  cat >"$dir/nginx.conf" <<CONF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/body;
  proxy_temp_path $dir/proxy;
  fastcgi_temp_path $dir/fastcgi;
  uwsgi_temp_path $dir/uwsgi;
  scgi_temp_path $dir/scgi;
  upstream embargo {
$servers    keepalive 64;
  }
  server {
    listen 127.0.0.1:$port;
    location / {
      proxy_pass http://embargo;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
    }
  }
}
CONF
  nginx -p "$dir" -c "$dir/nginx.conf" -g 'daemon off;' >"$dir/nginx.log" 2>&1 &
  echo $! >>"$pids"
  for _ in $(seq 100); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/healthz" && break
    sleep 0.1
  done
  echo "$port"
}

# The two figures of one configuration, served at `url`.
figures() {
  local name=$1 total non2xx rate
  wrk -t4 -c32 -d"${seconds}s" -s "$work/submit.lua" \
    "$url/api/v1/programs/company/reports" >"$work/submit.txt"
  total=$(awk '/requests in/ { print $1 }' "$work/submit.txt")
  non2xx=$(awk '/Non-2xx/ { print $NF }' "$work/submit.txt")
  rate=$(awk -v n="$total" -v bad="${non2xx:-0}" -v s="$seconds" 'BEGIN { printf "%.0f", (n - bad) / s }')
  printf '%-30s %14s %12s' "$name" "$rate" "${non2xx:-0}"
  measure "" "/api/v1/reports" -H "Authorization: Bearer $handler_token" | awk '{ printf " %10s %10s\n", $1, $2 }'
}

stored=0
for step in "${steps[@]}"; do
  "$embargo" demo seed --data "$data" --reports $((step - stored)) --batch 10000 --seed "$step" \
    "${programs[@]}" >/dev/null
  stored=$step
  psql -X -q "$server_url" -c "DROP DATABASE IF EXISTS bench WITH (FORCE)" -c "CREATE DATABASE bench"
  start=$(date +%s.%N)
  "$embargo" migrate --from "$data" --to "$database_url" >"$work/copy.txt"
  elapsed=$(awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')
  rows=$(sed -nE 's/^Copied ([0-9]+) rows.*/\1/p' "$work/copy.txt")
  echo "== $step reports: copied into PostgreSQL ($rows rows) in $elapsed s"
  printf '%-30s %14s %12s %10s %10s\n' "store" "submissions/s" "refused" "queue p50" "p99"
  url="http://127.0.0.1:$(serve --data "$data")"
  figures "SQLite, one server"
  stop_all
  url="http://127.0.0.1:$(serve --data "$data" --database "$database_url")"
  figures "PostgreSQL, one server"
  stop_all
  ports=()
  for n in 1 2 3; do
    # A server of a PostgreSQL instance keeps only the instance key in its data directory.
    rm -rf "$work/node$n" && mkdir -m 700 "$work/node$n"
    cp -a "$data/instance.key" "$work/node$n/"
    ports+=("$(serve --data "$work/node$n" --database "$database_url")")
  done
  url="http://127.0.0.1:$(balance "${ports[@]}")"
  figures "PostgreSQL, three servers"
  stop_all
done
