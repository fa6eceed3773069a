# Shared by the bench scripts (sourced, not run): a data directory with the
# five example programs and three handlers each, `embargo serve` on it, a signed-in session, an
# admin token, and one wrk measurement. Callers set `embargo`, `source_dir`, `work` and `seconds`
# and call `bench_cleanup` on exit.

data="$work/data"
embargo_pid=""
programs=()

bench_cleanup() {
  stop_server
  rm -rf "$work"
}

# `embargo init` and the example programs, with a team of three handlers per program so that
# seeded reports are assigned as on a desk. Sets admin_email, admin_password and programs.
make_instance() {
  local admin policy slug member n
  admin=$("$embargo" init --data "$data")
  admin_email=$(sed -n 's/^Admin account: //p' <<<"$admin")
  admin_password=$(sed -n 's/^One-time password: //p' <<<"$admin")
  "$embargo" program apply --data "$data" "$source_dir"/examples/policies/*.toml >/dev/null
  for policy in "$source_dir"/examples/policies/*.toml; do
    slug=$(basename "$policy" .toml)
    programs+=(--program "$slug")
    for n in 1 2 3; do
      member="handler$n@$slug.example"
      head -c 18 /dev/urandom | base64 |
        "$embargo" user add --data "$data" --email "$member" --password-stdin >/dev/null
      "$embargo" member add --data "$data" --program "$slug" --email "$member" --role handler \
        >/dev/null
    done
  done
}

# Starts `embargo serve` on a free port with the flags given; sets embargo_pid and url.
start_server() {
  "$embargo" serve --data "$data" --listen 127.0.0.1:0 "$@" >"$work/embargo.log" 2>&1 &
  embargo_pid=$!
  local port="" _
  for _ in $(seq 100); do
    port=$(sed -nE 's|.*listening on http://127\.0\.0\.1:([0-9]+).*|\1|p' "$work/embargo.log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "bench: embargo did not start:" >&2; cat "$work/embargo.log" >&2; exit 1; }
  url="http://127.0.0.1:$port"
}

stop_server() {
  if [ -n "$embargo_pid" ]; then
    kill "$embargo_pid" 2>/dev/null && wait "$embargo_pid" 2>/dev/null
    embargo_pid=""
  fi
  return 0
}

# Signs in as a browser does (the form's CSRF token, then the password); sets session.
sign_in() {
  local jar="$work/cookies" csrf
  csrf=$(curl -sf -c "$jar" "$url/signin" | sed -nE 's|.*name="csrf" value="([^"]+)".*|\1|p' | head -1)
  curl -sf -b "$jar" -c "$jar" -o /dev/null --data-urlencode "csrf=$csrf" \
    --data-urlencode "email=$admin_email" --data-urlencode "password=$admin_password" "$url/signin"
  session=$(awk '$6 == "embargo_session" { print $7 }' "$jar")
  [ -n "$session" ] || { echo "bench: signing in failed" >&2; exit 1; }
}

# One wrk run, one connection at a time (the latency a member sees, not throughput): its median
# and 99th percentile latency and requests per second, after checking the target answers 200.
measure() {
  local name=$1 target=$2
  shift 2
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' "$@" "$url$target")
  [ "$status" = 200 ] || { echo "bench: $target answered $status" >&2; exit 1; }
  wrk -t1 -c1 -d"${seconds}s" --latency "$@" "$url$target" >"$work/wrk.txt"
  local p50 p99 rate
  p50=$(awk '$1 == "50%" { print $2 }' "$work/wrk.txt")
  p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk.txt")
  rate=$(awk '/Requests\/sec/ { print $2 }' "$work/wrk.txt")
  printf '%-34s %10s %10s %12s\n' "$name" "$p50" "$p99" "$rate"
}
