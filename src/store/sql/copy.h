#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/sql/connection.h"

namespace embargo::store::sql {

// One table as copied: its rows and a digest of their values that does not depend on the order
// they were read in, computed from the source and again from the copy.
struct TableCopy {
  std::string table;
  std::int64_t rows = 0;
  std::string digest;  // hex
};

// Copies every table of the store from `from` into `to`, which must be an empty store of the
// same schema version, on either engine: `embargo migrate --from DATA_DIR --to postgresql://`
// and the backup of a PostgreSQL store into a SQLite file. The source is read in one snapshot,
// a page of rows at a time; the copy is written in one transaction, all or nothing; then every
// table of the copy is read back and its row count and digest compared with the source's.
// Keys are copied as they are (and PostgreSQL's identity sequences moved past them); what the
// schema derives from the rows (the queue's tallies, the full-text index) is made again by the
// copy's own triggers and generated columns, or on PostgreSQL once after the load (bulk_load.h).
// std::runtime_error naming the table that differs, or the schema versions when they do.
std::vector<TableCopy> copy_store(Connection& from, Connection& to);

// The tables copy_store copies, in an order that satisfies every foreign key.
const std::vector<std::string>& copied_tables();

}  // namespace embargo::store::sql
