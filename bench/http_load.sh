#!/usr/bin/env bash
# HTTP load, run by `make bench` after the micro-benchmarks: wrk against `embargo serve` (the
# Release build given as $1, default build-bench) and, in the same run on the same machine,
# against nginx serving the very bytes embargo rendered, so the public pages are measured
# against a static file server rather than in a vacuum. docs/performance.md records the figures.
#
#   bench/http_load.sh [BUILD_DIR]
#
# HTTP_LOAD_SECONDS (default 10) is the length of each wrk run; EMBARGO_BENCH_DIR (default the
# temporary directory) is where the data directory goes: its disk decides the report figure.
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build-bench}
embargo=$(cd "$build" && pwd)/embargo
seconds=${HTTP_LOAD_SECONDS:-10}
threads=2
connections=64

[ -x "$embargo" ] || { echo "http_load: no $embargo: build it first (make bench)" >&2; exit 1; }

# wrk and nginx from Debian, as scripts/install-deps installs packages: sudo only when not root.
missing=()
command -v wrk >/dev/null || missing+=(wrk)
[ -x /usr/sbin/nginx ] || missing+=(nginx)
if [ ${#missing[@]} -gt 0 ]; then
  echo "http_load: installing ${missing[*]}"
  sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "http_load: run as root or install sudo" >&2; exit 1; }
    sudo=(sudo)
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

work=$(mktemp -d "${EMBARGO_BENCH_DIR:-${TMPDIR:-/tmp}}/embargo-http-load-XXXXXX")
source "$source_dir/bench/desk_lib.sh"
nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  bench_cleanup
}
trap cleanup EXIT

# A port nothing listens on, for nginx (embargo takes port 0 and says which it got).
free_port() {
  local port
  for port in $(seq 20080 20580); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
  echo "http_load: no free port in 20080-20580" >&2
  exit 1
}

# --- embargo: the five example programs, no submission rate limit (the bench is one client) ---
"$embargo" init --data "$data" >/dev/null
"$embargo" program apply --data "$data" "$source_dir"/examples/policies/*.toml >/dev/null
start_server --submission-rate-limit 0
embargo_url=$url

# --- nginx: its own prefix and config in the scratch directory, in the foreground of a
# background job (never the system service), serving the bytes embargo just rendered with the
# same headers embargo sends ---
mkdir -p "$work/nginx/root" "$work/nginx/temp"
curl -sf "$embargo_url/p/pyspector" -o "$work/nginx/root/policy.html"
curl -sf "$embargo_url/p/pyspector/security.txt" -o "$work/nginx/root/security.txt"
# Started as root, nginx's workers drop to an unprivileged user, which must reach the files.
chmod a+rx "$work" "$work/nginx" "$work/nginx/root"
chmod a+r "$work/nginx/root/"*
nginx_port=$(free_port)
# add_header in a location replaces the server's, so each location includes the whole set.
cat >"$work/nginx/headers.conf" <<'NGINX'
add_header Content-Security-Policy "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
add_header X-Content-Type-Options nosniff;
add_header X-Frame-Options DENY;
add_header Referrer-Policy no-referrer;
NGINX
cat >"$work/nginx/nginx.conf" <<NGINX
daemon off;
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  # embargo writes an access log line per request; so does nginx here, to a file like embargo's.
  access_log $work/nginx/access.log;
  client_body_temp_path $work/nginx/temp/body;
  proxy_temp_path $work/nginx/temp/proxy;
  fastcgi_temp_path $work/nginx/temp/fastcgi;
  uwsgi_temp_path $work/nginx/temp/uwsgi;
  scgi_temp_path $work/nginx/temp/scgi;
  sendfile on;
  keepalive_requests 1000000;
  server_tokens off;
  types { }
  server {
    listen 127.0.0.1:$nginx_port;
    root $work/nginx/root;
    location = /policy.html {
      default_type "text/html; charset=utf-8";
      add_header Cache-Control "public, no-cache";
      include $work/nginx/headers.conf;
    }
    location = /security.txt {
      default_type "text/plain; charset=utf-8";
      add_header Cache-Control "public, max-age=300";
      include $work/nginx/headers.conf;
    }
  }
}
NGINX
/usr/sbin/nginx -p "$work/nginx" -c "$work/nginx/nginx.conf" -e "$work/nginx/error.log" &
nginx_pid=$!
nginx_url="http://127.0.0.1:$nginx_port"
for _ in $(seq 50); do curl -sf "$nginx_url/security.txt" -o /dev/null && break; sleep 0.1; done
cmp -s <(curl -sf "$nginx_url/policy.html") "$work/nginx/root/policy.html" ||
  { echo "http_load: nginx does not serve the page:" >&2; cat "$work/nginx/error.log" >&2; exit 1; }

# --- a report submission as the API takes it (docs/api.md): company's form, consent given ---
cat >"$work/report.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = [==[$(tr -d '\n' <"$source_dir/examples/demo/company-sql-injection.json")]==]
LUA
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  --data-binary @"$source_dir/examples/demo/company-sql-injection.json" \
  "$embargo_url/api/v1/programs/company/reports")
[ "$status" = 201 ] || { echo "http_load: the report body is refused ($status)" >&2; exit 1; }

# One wrk run; prints "requests/s p50 p99 non-2xx/3xx errors" (latencies in ms).
measure() {
  local out
  out=$(wrk -t "$threads" -c "$connections" -d "${seconds}s" --latency "$@")
  echo "$out" >>"$work/wrk.log"
  echo "$out" | awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0;
      if (v ~ /m$/) return v * 60000; return v * 1000
    }
    /^ +50%/ { p50 = ms($2) } /^ +99%/ { p99 = ms($2) }
    /Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad = $5 }
    /Socket errors:/ { err = $4 + $6 + $8 + $10 }
    END { printf "%.0f %.2f %.2f %d %d\n", rps, p50, p99, bad, err }'
}

declare -A result
run() {
  local name=$1; shift
  result[$name]=$(measure "$@")
}

run embargo_page "$embargo_url/p/pyspector"
run nginx_page "$nginx_url/policy.html"
run embargo_txt "$embargo_url/p/pyspector/security.txt"
run nginx_txt "$nginx_url/security.txt"
run embargo_reports -s "$work/report.lua" "$embargo_url/api/v1/programs/company/reports"

printf '\nHTTP load: wrk, %d threads, %d connections, %ss per target, on %s (%s cores)\n' \
  "$threads" "$connections" "$seconds" "$(uname -n)" "$(nproc)"
printf '%-46s %10s %9s %9s %9s %s\n' target "req/s" "p50 ms" "p99 ms" "vs nginx" "not 2xx/errors"
row() {
  local label=$1 name=$2 base=${3:-}
  read -r rps p50 p99 bad err <<<"${result[$name]}"
  local ratio="-"
  if [ -n "$base" ]; then
    ratio=$(awk -v a="$rps" -v b="$(cut -d' ' -f1 <<<"${result[$base]}")" \
      'BEGIN { printf "%.0f%%", (b > 0 ? 100 * a / b : 0) }')
  fi
  printf '%-46s %10s %9s %9s %9s %s/%s\n' "$label" "$rps" "$p50" "$p99" "$ratio" "$bad" "$err"
}
row "embargo GET /p/pyspector" embargo_page nginx_page
row "nginx   same bytes" nginx_page
row "embargo GET /p/pyspector/security.txt" embargo_txt nginx_txt
row "nginx   same bytes" nginx_txt
row "embargo POST /api/v1/programs/company/reports" embargo_reports
echo "(goals: pages at 80% of nginx or more; 10,000 durable reports/s; p99 under 20 ms)"
