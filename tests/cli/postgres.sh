# The command line on a PostgreSQL store (--database, EMBARGO_DATABASE): init, programs and
# reports, `embargo migrate` (bringing a store up to date, refusing one from a newer embargo,
# refusing bad URLs), moving a SQLite instance with `embargo migrate --from --to`, and a backup
# of a PostgreSQL store that a SQLite server opens. Needs the test run's PostgreSQL server
# (EMBARGO_TEST_POSTGRES, tests/postgres/server.sh).
source "$(dirname "$0")/lib.sh"
server=$(cat "$EMBARGO_TEST_POSTGRES")
suffix=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
url_of() { echo "${server/\/postgres\?//$1?}"; }
psql_on() { psql -X -q -v ON_ERROR_STOP=1 -At "$@"; }
databases=()
new_database() {
  local name="cli_${suffix}_$1"
  psql_on "$server" -c "CREATE DATABASE $name" || fail "cannot create $name"
  databases+=("$name")
  url_of "$name"
}
cleanup() {
  for d in "${databases[@]}"; do psql_on "$server" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)"; done
  rm -rf "$WORK"
}
trap cleanup EXIT
policies="$SOURCE/examples/policies"
demo="$SOURCE/examples/demo"

# A new instance on PostgreSQL: the data directory keeps the instance key, the database the rest.
DB=$(new_database main)
expect_status 0 "$EMBARGO" init --data "$WORK/node1" --database "$DB" --email owner@example.org
expect_out "and PostgreSQL database cli_${suffix}_main"
[ -f "$WORK/node1/instance.key" ] || fail "init made no instance key"
[ ! -e "$WORK/node1/embargo.db" ] || fail "init made a SQLite database beside PostgreSQL"
[ "$(psql_on "$DB" -c "SELECT count(*) FROM users")" = 1 ] || fail "the admin is not in PostgreSQL"
# A second server's init on the same database is refused: it needs the first one's directory.
expect_status 1 "$EMBARGO" init --data "$WORK/node2" --database "$DB"
expect_err "already initialised: copy the data directory"
[ "$(psql_on "$DB" -c "SELECT count(*) FROM users")" = 1 ] || fail "the refused init added an account"

expect_status 0 "$EMBARGO" program apply --data "$WORK/node1" --database "$DB" "$policies"/*.toml
expect_status 0 "$EMBARGO" report submit --data "$WORK/node1" --database "$DB" --program pyspector \
  "$demo/pyspector-command-injection.json"
expect_out "^stored PYSPECTOR-[0-9]{4}-0001$"
# The database may come from the environment instead (a systemd unit's EnvironmentFile).
EMBARGO_DATABASE="$DB" expect_status 0 "$EMBARGO" report list --data "$WORK/node1"
expect_out "^PYSPECTOR-[0-9]{4}-0001	new	high	"

# embargo migrate: up to date, then a store written by a newer embargo is refused untouched.
expect_status 0 "$EMBARGO" migrate --data "$WORK/node1" --database "$DB"
expect_out "cli_${suffix}_main is at schema version [0-9]+"
psql_on "$DB" -c "INSERT INTO schema_migrations VALUES (9999, '9999_future', 0)"
expect_status 1 "$EMBARGO" migrate --data "$WORK/node1" --database "$DB"
expect_err "has schema version 9999 but this embargo knows only up to"
expect_status 1 "$EMBARGO" report list --data "$WORK/node1" --database "$DB"
expect_err "schema version 9999"
psql_on "$DB" -c "DELETE FROM schema_migrations WHERE version = 9999"
expect_status 0 "$EMBARGO" report list --data "$WORK/node1" --database "$DB"

# Bad URLs say what is wrong, and never echo a password.
expect_status 1 "$EMBARGO" migrate --data "$WORK/node1" --database "mysql://db/embargo"
expect_err "starts with postgresql://"
expect_status 1 "$EMBARGO" migrate --data "$WORK/node1" --database "postgresql://db/embargo?colour=red"
expect_err "not a valid PostgreSQL URL: invalid URI query parameter: \"colour\""
expect_status 1 "$EMBARGO" migrate --data "$WORK/node1" \
  --database "postgresql://embargo:s3cret@/nowhere?host=$WORK/no-server"
expect_err "cannot connect to PostgreSQL database nowhere"
grep -q s3cret "$WORK/err" && fail "the error shows the password: $(cat "$WORK/err")"
# libpq quotes the token it cannot read, here the password: it is not repeated.
expect_status 1 "$EMBARGO" migrate --data "$WORK/node1" --database "postgresql://embargo:pa%zzword@db/embargo"
expect_err "not a valid PostgreSQL URL"
grep -q "pa%zzword" "$WORK/err" && fail "the error shows the password: $(cat "$WORK/err")"

# Moving a SQLite instance: every table copied and checked, the numbering goes on where it was.
expect_status 0 "$EMBARGO" init --data "$WORK/old"
expect_status 0 "$EMBARGO" program apply --data "$WORK/old" "$policies"/*.toml
for f in "$demo"/*.json; do
  expect_status 0 "$EMBARGO" report submit --data "$WORK/old" --program "$(basename "$f" | cut -d- -f1)" "$f"
done
expect_status 0 "$EMBARGO" report list --data "$WORK/old"
cp "$WORK/out" "$WORK/old-list"
MOVED=$(new_database moved)
expect_status 0 "$EMBARGO" migrate --from "$WORK/old" --to "$MOVED"
expect_out "^  reports: 4$"
expect_out "^  programs: 5$"
expect_out "each table's count and digest match"
expect_status 0 "$EMBARGO" report list --data "$WORK/old" --database "$MOVED"
diff "$WORK/old-list" "$WORK/out" >/dev/null || fail "the moved reports differ: $(diff "$WORK/old-list" "$WORK/out")"
# The copy loads without the secondary indexes and the tallies' trigger and makes them after:
# the queue's counts are the source's, and the moved store has every index a new one has.
tallies="SELECT program, state, severity, handler, timed, reports FROM report_tallies
  WHERE reports > 0 ORDER BY 1, 2, 3, 4, 5"
indexes="SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE schemaname = current_schema()
  ORDER BY 1"
sqlite3 "$WORK/old/embargo.db" "$tallies" >"$WORK/old-tallies"
[ -s "$WORK/old-tallies" ] || fail "the source store has no tallies"
psql_on "$MOVED" -c "$tallies" >"$WORK/moved-tallies"
diff "$WORK/old-tallies" "$WORK/moved-tallies" >/dev/null ||
  fail "the moved tallies differ: $(diff "$WORK/old-tallies" "$WORK/moved-tallies")"
psql_on "$DB" -c "$indexes" >"$WORK/new-indexes"
psql_on "$MOVED" -c "$indexes" >"$WORK/moved-indexes"
grep -q "USING gin (search)" "$WORK/moved-indexes" || fail "the moved store lacks its full-text index"
# And the planner has the copied tables' column statistics at once, not when autovacuum comes.
[ "$(psql_on "$MOVED" -c "SELECT count(*) > 0 FROM pg_stats WHERE tablename = 'reports'")" = t ] ||
  fail "the moved store's tables have no statistics"
diff "$WORK/new-indexes" "$WORK/moved-indexes" >/dev/null ||
  fail "the moved store's indexes differ: $(diff "$WORK/new-indexes" "$WORK/moved-indexes")"
expect_status 0 "$EMBARGO" report submit --data "$WORK/old" --database "$MOVED" --program pyspector \
  "$demo/pyspector-command-injection.json"
expect_out "^stored PYSPECTOR-[0-9]{4}-0002$"
# The tallies' triggers are all back, enabled: the new report is counted as the reports are.
triggers="SELECT tgname || ' ' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1"
psql_on "$MOVED" -c "$triggers" | diff <(psql_on "$DB" -c "$triggers") - >/dev/null ||
  fail "the moved store's triggers differ from a new store's"
counted="SELECT program, state, coalesce(severity, ''), coalesce(handler, 0),
  (due_at IS NOT NULL)::int, count(*) FROM reports GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5"
psql_on "$MOVED" -c "$tallies" | diff <(psql_on "$MOVED" -c "$counted") - >/dev/null ||
  fail "after the move the tallies no longer follow the reports"
# A second copy into the same database is refused before anything is written.
before=$(psql_on "$MOVED" -c "SELECT count(*) FROM reports")
expect_status 1 "$EMBARGO" migrate --from "$WORK/old" --to "$MOVED"
expect_err "the destination store is not empty"
[ "$(psql_on "$MOVED" -c "SELECT count(*) FROM reports")" = "$before" ] || fail "the refused copy wrote"
psql_on "$MOVED" -c "$indexes" | diff "$WORK/new-indexes" - >/dev/null ||
  fail "the refused copy left the indexes set aside"
expect_status 1 "$EMBARGO" migrate --from "$WORK/old"
expect_err "go together"

# A backup of a PostgreSQL store is a SQLite store: a data directory made of it and the key runs.
expect_status 0 "$EMBARGO" backup --data "$WORK/node1" --database "$DB" "$WORK/pg-backup.db"
expect_out "backed up PostgreSQL database cli_${suffix}_main to $WORK/pg-backup.db"
mkdir -m 700 "$WORK/restored"
cp "$WORK/pg-backup.db" "$WORK/restored/embargo.db"
cp "$WORK/pg-backup.db.key" "$WORK/restored/instance.key"
expect_status 0 "$EMBARGO" report list --data "$WORK/restored"
expect_out "^PYSPECTOR-[0-9]{4}-0001	new	high	"

finish
