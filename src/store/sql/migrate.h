#pragma once

#include <span>

#include "store/migrations.h"
#include "store/sql/connection.h"

namespace embargo::store::sql {

// Brings the database up to the newest of `known` (sorted by version): records applied versions
// in schema_migrations and applies each pending migration in a write transaction of its own,
// holding the schema lock (another process migrating the same database waits, then finds the
// work done). Throws std::runtime_error naming the failing migration (nothing of it stays
// applied), or when the database was written by a newer binary than this one.
void migrate(Connection& db, std::span<const Migration> known, Time at);

// The highest version recorded in schema_migrations (0 for a new database, which has no such
// table yet).
int schema_version(Connection& db);

}  // namespace embargo::store::sql
