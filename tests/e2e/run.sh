#!/usr/bin/env bash
# Browser tests: starts a real `embargo serve` with the example programs on a scratch data
# directory, then runs every tests/e2e/*.test.mjs with Node's test runner, which drives Debian's
# chromium through playwright-core, with the first admin's email and one-time password (printed
# by `embargo init`) in EMBARGO_ADMIN_EMAIL and EMBARGO_ADMIN_PASSWORD, and the binary and the
# server's data directory in EMBARGO_BINARY and EMBARGO_DATA (for tests that also use the command
# line, as an MTA or an operator would). Screenshots go to OUTPUT_DIR.
#   bash tests/e2e/run.sh EMBARGO_BINARY SOURCE_DIR OUTPUT_DIR
set -euo pipefail
# Absolute paths, since the tests run from tests/e2e.
embargo=$(realpath "$1")
source_dir=$(realpath "$2")
output_dir=$(realpath -m "$3")

cd "$source_dir/tests/e2e"
# The exact packages of package-lock.json, installed once per checkout (node_modules is ignored).
if ! npm ls --depth=0 >/dev/null 2>&1; then
  npm ci --no-audit --no-fund --loglevel=error
fi

data=$(mktemp -d)
# The server's and the commands' time: the tests move it forward by writing whole seconds here
# (src/cli/command_time.h) instead of waiting for time to pass.
export EMBARGO_TEST_CLOCK=$(mktemp)
server=
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null
  rm -rf "$data" "$EMBARGO_TEST_CLOCK"
}
trap cleanup EXIT

# The first admin's email and one-time password, which the desk's test signs in with.
init_output=$("$embargo" init --data "$data")
admin_email=$(sed -n 's/^Admin account: //p' <<<"$init_output")
admin_password=$(sed -n 's/^One-time password: //p' <<<"$init_output")
if [ -z "$admin_email" ] || [ -z "$admin_password" ]; then
  echo "e2e: embargo init did not print the admin's email and password:" >&2
  echo "$init_output" >&2
  exit 1
fi
"$embargo" program apply --data "$data" "$source_dir"/examples/policies/*.toml >/dev/null
"$embargo" serve --data "$data" --listen 127.0.0.1:0 >"$data/serve.log" 2>&1 &
server=$!
port=
for _ in $(seq 100); do
  port=$(sed -n 's|.*listening on http://127\.0\.0\.1:\([0-9]*\).*|\1|p' "$data/serve.log")
  [ -n "$port" ] && break
  sleep 0.1
done
if [ -z "$port" ]; then
  echo "e2e: the server did not start:" >&2
  cat "$data/serve.log" >&2
  exit 1
fi

mkdir -p "$output_dir"
export EMBARGO_URL="http://127.0.0.1:$port" E2E_OUTPUT="$output_dir" \
  EMBARGO_ADMIN_EMAIL="$admin_email" EMBARGO_ADMIN_PASSWORD="$admin_password" \
  EMBARGO_BINARY="$embargo" EMBARGO_DATA="$data"

# The files run one at a time, in an order drawn from E2E_SEED (a number; printed, so that an
# order can be run again), so that a file that came to depend on what another left behind fails
# in some run instead of passing by luck of the alphabet. Node's runner would sort them.
# shuf draws its randomness from a keystream of the seed (GNU coreutils' advice for a repeatable
# shuffle), which reaches every order; the seed's own bytes repeated reach few of them.
seed=${E2E_SEED:-$RANDOM}
echo "e2e: test files in the order of E2E_SEED=$seed"
seeded_bytes() { openssl enc -aes-256-ctr -pass pass:"$1" -nosalt -pbkdf2 </dev/zero 2>/dev/null; }
mapfile -t files < <(printf '%s\n' ./*.test.mjs | shuf --random-source=<(seeded_bytes "$seed"))
if [ "${#files[@]}" -eq 0 ]; then
  echo "e2e: no test files to run (could shuf read a random source from openssl?)" >&2
  exit 1
fi
status=0
for file in "${files[@]}"; do
  node --test "$file" || status=1
done
exit "$status"
