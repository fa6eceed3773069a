#include "store/sqlite/migrate.h"

#include <stdexcept>
#include <string>

#include "core/time.h"
#include "store/sqlite/connection.h"

namespace embargo::store::sqlite {
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

void apply(Connection& db, const Migration& m, Time at) {
  db.exec("BEGIN IMMEDIATE");
  try {
    // Another process may have applied it while this one waited for the write lock.
    if (schema_version(db) >= m.version) {
      db.exec("COMMIT");
      return;
    }
    db.exec(m.sql);
    db.query("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)")
        .bind(1, m.version)
        .bind(2, m.name)
        .bind(3, to_seconds(at))
        .run();
    db.exec("COMMIT");
  } catch (const std::exception& e) {
    sqlite3_exec(db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    throw std::runtime_error("migration " + describe(m) +
                             " failed, nothing of it was applied: " + e.what());
  }
}

}  // namespace

int schema_version(Connection& db) {
  auto q = db.query("SELECT coalesce(max(version), 0) FROM schema_migrations");
  q.step();
  return static_cast<int>(q.integer(0));
}

void migrate(Connection& db, std::span<const Migration> known, Time at) {
  check_order(known);
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL) STRICT");
  int current = schema_version(db);
  int newest = known.empty() ? 0 : known.back().version;
  if (current > newest) {
    throw std::runtime_error("database " + db.path().string() + " has schema version " +
                             std::to_string(current) + " but this embargo knows only up to " +
                             std::to_string(newest) + ": run a newer embargo");
  }
  for (const Migration& m : known) {
    if (m.version > current) apply(db, m, at);
  }
}

}  // namespace embargo::store::sqlite
