#!/usr/bin/env bash
# Hostile load, run by `make bench`: each attack of tests/load/attack.py in its long form (half a
# minute, the sizes of issue 16) against the Release build given as $1 (default build-bench).
# The normal client's latencies and the server's memory are printed; docs/performance.md
# records them ("Hostile load").
#
#   bench/hostile_load.sh [BUILD_DIR]
set -euo pipefail

source_dir=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-build-bench}
embargo=$(cd "$build" && pwd)/embargo
[ -x "$embargo" ] || { echo "hostile_load: no $embargo: build it first (make bench)" >&2; exit 1; }

for attack in slowloris slow-body slow-read fd-exhaustion smuggling large-bodies; do
  /usr/bin/python3 "$source_dir/tests/load/attack.py" --embargo "$embargo" --source "$source_dir" \
    --long "$attack"
done
