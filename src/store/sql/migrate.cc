#include "store/sql/migrate.h"

#include <stdexcept>
#include <string>

#include "core/time.h"

namespace embargo::store::sql {
namespace {

std::string describe(const Migration& m) { return std::string(m.name); }

void check_order(std::span<const Migration> known) {
  for (std::size_t i = 1; i < known.size(); ++i) {
    if (known[i].version <= known[i - 1].version) {
      throw std::runtime_error("migrations " + describe(known[i - 1]) + " and " +
                               describe(known[i]) + " do not have increasing versions");
    }
  }
}

// Any number of our own, the same in every process: the key of PostgreSQL's advisory lock that
// serialises migrations.
constexpr std::int64_t kSchemaLock = 0x656d6261726f01;

// Opens a write transaction that no other migrating process shares (SQLite: BEGIN IMMEDIATE
// takes the database's write lock; PostgreSQL: a transaction-scoped advisory lock) and makes
// sure the table of applied versions exists.
void begin_schema_change(Connection& db) {
  db.begin_write();
  if (db.dialect() == Dialect::postgres) {
    db.query("SELECT pg_advisory_xact_lock(?1)").bind(1, kSchemaLock).run();
    db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version bigint PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)");
  } else {
    db.exec(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT");
  }
}

int recorded_version(Connection& db) {
  auto q = db.query("SELECT coalesce(max(version), 0) FROM schema_migrations");
  q.step();
  return static_cast<int>(q.integer(0));
}

void apply(Connection& db, const Migration& m, Time at) {
  try {
    begin_schema_change(db);
    // Another process may have applied it while this one waited for the lock.
    if (recorded_version(db) >= m.version) {
      db.commit();
      return;
    }
    db.exec(m.sql);
    db.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)")
        .bind(1, m.version)
        .bind(2, m.name)
        .bind(3, to_seconds(at))
        .run();
    db.announce_change();
    db.commit();
  } catch (const std::exception& e) {
    db.rollback();
    throw std::runtime_error("migration " + describe(m) +
                             " failed, nothing of it was applied: " + e.what());
  }
}

}  // namespace

int schema_version(Connection& db) {
  auto exists =
      db.query(db.dialect() == Dialect::postgres
                   ? "SELECT count(*) FROM pg_catalog.pg_tables"
                     " WHERE schemaname = current_schema() AND tablename = ?1"
                   : "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1");
  exists.bind(1, "schema_migrations");
  exists.step();
  if (exists.integer(0) == 0) return 0;
  return recorded_version(db);
}

void migrate(Connection& db, std::span<const Migration> known, Time at) {
  check_order(known);
  int current = schema_version(db);
  int newest = known.empty() ? 0 : known.back().version;
  if (current > newest) {
    throw std::runtime_error("database " + db.name() + " has schema version " +
                             std::to_string(current) + " but this embargo knows only up to " +
                             std::to_string(newest) + ": run a newer embargo");
  }
  for (const Migration& m : known) {
    if (m.version > current) apply(db, m, at);
  }
}

}  // namespace embargo::store::sql
