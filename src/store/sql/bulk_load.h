#pragma once

#include <string>
#include <vector>

#include "store/sql/connection.h"

namespace embargo::store::sql {

// What a PostgreSQL store does for each row written that a copy of a whole store does once after
// loading it: the secondary indexes (the full-text one among them) are built from the loaded
// rows instead of updated a row at a time, and the queue's tallies are counted once instead of
// updated by a trigger for every report. The trigger was what made a million reports impossible
// to copy: in one transaction each update of the same few tally rows leaves a row version the
// next update walks past, so the copy slowed with every report. Everything happens inside the
// copy's transaction, so a copy that fails leaves the indexes and the trigger as they were. A
// SQLite destination is left alone (its tallies' triggers update in place).
class BulkLoad {
 public:
  // Sets the indexes and the tallies' trigger of `db` aside, when `db` is PostgreSQL's, in the
  // transaction the copy has begun; the tables must still be empty.
  explicit BulkLoad(Connection& db);
  BulkLoad(const BulkLoad&) = delete;
  BulkLoad& operator=(const BulkLoad&) = delete;

  // Counts the tallies from the loaded reports, puts the trigger back, builds the indexes and
  // gathers the planner's statistics.
  void finish();

 private:
  Connection& db_;
  std::vector<std::string> index_definitions_;
};

}  // namespace embargo::store::sql
