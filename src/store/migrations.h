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

// Every migration, in version order (generated at build time from the .sql files).
const std::vector<Migration>& migrations();

}  // namespace embargo::store
