#!/usr/bin/env bash
# Starts or stops the PostgreSQL 15 server (Debian's postgresql package) that the tests of the
# PostgreSQL store share: CTest runs `start` before them and `stop` after them
# (tests/CMakeLists.txt), and they find the server by the file DIR/url, which holds the URL of
# its maintenance database. Each test then makes a database of its own.
#   bash tests/postgres/server.sh start DIR
#   bash tests/postgres/server.sh stop DIR
# The cluster is made afresh in a temporary directory by initdb and listens on a Unix socket in
# that directory only. PostgreSQL refuses to run as root, and CI runs as root: there the server
# runs as the unprivileged user `postgres` (made by the Debian package). Every write is fsynced,
# as in production. EMBARGO_PG_OPTIONS adds server settings (bench/cluster.sh gives the server
# the memory a production one would have).
set -euo pipefail
if [ $# -ne 2 ] || { [ "$1" != start ] && [ "$1" != stop ]; }; then
  echo "usage: bash server.sh {start|stop} DIR" >&2
  exit 2
fi
dir=$2
bin=/usr/lib/postgresql/15/bin
mkdir -p "$dir"

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

stop() {
  if [ -f "$dir/cluster" ]; then
    local cluster
    cluster=$(cat "$dir/cluster")
    as_owner "$bin/pg_ctl" -D "$cluster/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$cluster"
    rm -f "$dir/cluster" "$dir/url"
  fi
}

if [ "$1" = stop ]; then
  stop
  exit 0
fi

stop
[ -x "$bin/initdb" ] || { echo "server.sh: $bin/initdb is missing: run scripts/install-deps" >&2; exit 1; }
# A short path: a Unix socket's name may be at most 107 bytes long.
cluster=$(mktemp -d /tmp/embargo-pg.XXXXXX)
echo "$cluster" >"$dir/cluster"
chmod 755 "$cluster"
[ "$(id -u)" -eq 0 ] && chown postgres "$cluster"
as_owner "$bin/initdb" -D "$cluster/data" --auth=trust --username=embargo --encoding=UTF8 \
  --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 1; }
# Connections: every test process opens a writer, its readers and a change watch, and the
# multi-server tests run three servers each.
as_owner "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 \
  -o "-k $cluster -c listen_addresses= -c max_connections=300 -c shared_buffers=64MB ${EMBARGO_PG_OPTIONS:-}" \
  start >/dev/null || { cat "$cluster/server.log" >&2; exit 1; }
echo "postgresql:///postgres?host=$cluster&user=embargo" >"$dir/url"
