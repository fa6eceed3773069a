#!/usr/bin/env bash
# Starts or stops the validation server the tests share (validate.mjs --serve): CTest runs
# `start` before the tests that validate documents and `stop` after them (tests/CMakeLists.txt),
# and those tests find it by the name in EMBARGO_VALIDATOR.
#   bash tests/schemas/validator.sh start NAME DIR
#   bash tests/schemas/validator.sh stop NAME DIR
# NAME is the abstract Unix socket; DIR keeps the server's process id and log. A server that
# does not start is reported, not a failure: each run then validates by itself, only slower.
set -euo pipefail
if [ $# -ne 3 ] || { [ "$1" != start ] && [ "$1" != stop ]; }; then
  echo "usage: bash validator.sh {start|stop} NAME DIR" >&2
  exit 2
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
name=$2
dir=$3
mkdir -p "$dir"
pid_file="$dir/validator.pid"
log="$dir/validator.log"

stop() {
  if [ -f "$pid_file" ]; then
    kill "$(cat "$pid_file")" 2>/dev/null || true
    rm -f "$pid_file"
  fi
}

if [ "$1" = stop ]; then
  stop
  exit 0
fi

stop
# Its own session and no descriptor of CTest's, so that CTest does not wait for it to end.
setsid bash "$here/validate.sh" --serve "$name" </dev/null >"$log" 2>&1 &
echo $! >"$pid_file"
# Ready once it says so; validate.sh may first install the npm packages.
for _ in $(seq 1 600); do
  grep -q "^serving on " "$log" && exit 0
  if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    echo "validator.sh: the validation server did not start; each run validates by itself:" >&2
    cat "$log" >&2
    rm -f "$pid_file"
    exit 0
  fi
  sleep 0.2
done
echo "validator.sh: the validation server did not start within 120 s; each run validates by itself" >&2
stop
exit 0
