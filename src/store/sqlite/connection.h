#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/spooled_bytes.h"
#include "core/time.h"

namespace embargo::store::sqlite {

class Connection;

// A prepared statement of a Connection's cache while one caller uses it: binds, steps and reads
// columns, and resets the statement when it goes out of scope so the next caller finds it clean.
// Every SQLite error becomes a std::runtime_error carrying SQLite's own message.
class Query {
 public:
  Query(Connection& connection, sqlite3_stmt* statement);
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query();

  // Binds a BLOB of `size` zero bytes that takes no memory: with Connection::write_blob, what
  // stores a large file without SQLite building the whole row in memory.
  Query& bind_zeroblob(int index, std::uint64_t size);
  // Parameters are numbered from 1, as in SQL's ?1, ?2...
  Query& bind(int index, std::int64_t value);
  Query& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Query& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
  Query& bind(int index, double value);
  Query& bind(int index, std::string_view value);
  Query& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Query& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Query& bind(int index, const std::optional<std::string>& value);
  // Binds bytes as a BLOB (bind() of a string binds TEXT, which STRICT tables keep apart),
  // without copying them: they must outlive the Query.
  Query& bind_blob(int index, std::string_view bytes);

  // Advances to the next row; false when there is none left.
  bool step();
  // Runs a statement that returns no rows (or whose rows do not matter).
  void run();

  std::int64_t integer(int column) const;
  double real(int column) const;
  std::string text(int column) const;
  std::string blob(int column) const;
  bool is_null(int column) const;

 private:
  Connection& connection_;
  sqlite3_stmt* statement_;
};

// One SQLite connection with its cache of prepared statements. Used by one thread at a time.
class Connection {
 public:
  enum class Mode { read_write, read_only };

  Connection(const std::filesystem::path& path, Mode mode);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements that take no parameters (pragmas, migrations, BEGIN/COMMIT).
  void exec(std::string_view sql);
  // A prepared statement for `sql`, compiled on first use and kept for the connection's life.
  Query query(std::string_view sql);

  sqlite3* handle() const { return db_; }
  const std::filesystem::path& path() const { return path_; }

  // Writes `bytes` over the BLOB in `column` of the row `rowid` of `table` (made with
  // bind_zeroblob of their size), a piece at a time through SQLite's incremental blob I/O: a
  // spooled file goes from its temporary file to the database without being loaded whole.
  void write_blob(const char* table, const char* column, std::int64_t rowid,
                  const SpooledBytes& bytes);

  // Throws std::runtime_error with SQLite's message for the last failure, prefixed by `what`.
  [[noreturn]] void fail(std::string_view what) const;

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
  };

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<sqlite3_stmt, Finalize>> statements_;
};

// The store's one write connection: WAL so that readers never wait, synchronous = FULL so that
// a commit is on disk (the log fsynced) when it returns, foreign keys enforced, savepoint
// journals in memory.
std::unique_ptr<Connection> open_write_connection(const std::filesystem::path& path);

// Times are stored as UTC seconds since 1970.
inline std::int64_t to_seconds(Time t) { return t.time_since_epoch().count(); }
inline Time from_seconds(std::int64_t s) { return Time{std::chrono::seconds{s}}; }

}  // namespace embargo::store::sqlite
