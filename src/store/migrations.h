#pragma once

#include <string_view>
#include <vector>

namespace embargo::store {

// A forward-only schema change. Versions are the leading number of the file name in
// src/store/migrations/ and are applied in order, each in its own transaction.
struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

// Every migration of the SQLite store, in version order (generated at build time from the .sql
// files of src/store/migrations/).
const std::vector<Migration>& migrations();

// Every migration of the PostgreSQL store (src/store/migrations/postgres/). A version is the same
// schema on both engines: PostgreSQL's first file brings a new database to the version SQLite
// had reached when PostgreSQL came, and every later change has a file in each folder.
const std::vector<Migration>& postgres_migrations();

}  // namespace embargo::store
