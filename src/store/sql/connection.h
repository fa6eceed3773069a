#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/spooled_bytes.h"
#include "core/time.h"

namespace embargo::store::sql {

// The SQL an engine speaks, where the store's statements must differ (full-text search, index
// hints, the schema); everything else is written once, in the SQL both accept.
enum class Dialect { sqlite, postgres };

// What a column of a row holds, as the store's schema uses them: integers (booleans and times
// included), text and bytes; real numbers only in computed results.
enum class ValueType { null, integer, real, text, blob };

// One prepared statement of an engine's connection while a Query uses it. Parameters are
// numbered from 1 and written ?1, ?2... in every dialect; a parameter never bound is NULL.
class Statement {
 public:
  virtual ~Statement() = default;

  virtual void bind_null(int index) = 0;
  virtual void bind_integer(int index, std::int64_t value) = 0;
  virtual void bind_real(int index, double value) = 0;
  virtual void bind_text(int index, std::string_view value) = 0;
  // Bytes, kept apart from text; they must outlive the statement's use.
  virtual void bind_blob(int index, std::string_view bytes) = 0;
  // Room for a file of `size` bytes that Connection::write_blob fills afterwards.
  virtual void bind_zeroblob(int index, std::uint64_t size) = 0;

  // Runs the statement at the first call; each call moves to the next row, false at the end.
  virtual bool step() = 0;
  virtual std::int64_t integer(int column) const = 0;
  virtual double real(int column) const = 0;
  virtual std::string text(int column) const = 0;
  virtual std::string blob(int column) const = 0;
  virtual bool is_null(int column) const = 0;
  virtual ValueType type(int column) const = 0;
  virtual int column_count() const = 0;

  // Forgets the bindings and the rows, ready for the next caller.
  virtual void reset() = 0;
};

// A statement of a Connection's cache while one caller uses it: binds, steps and reads columns,
// and resets the statement when it goes out of scope so the next caller finds it clean. Every
// engine error becomes a std::runtime_error carrying the engine's own message.
class Query {
 public:
  explicit Query(Statement& statement) : statement_(statement) {}
  Query(const Query&) = delete;
  Query& operator=(const Query&) = delete;
  ~Query() { statement_.reset(); }

  Query& bind_zeroblob(int index, std::uint64_t size) {
    statement_.bind_zeroblob(index, size);
    return *this;
  }
  Query& bind(int index, std::int64_t value) {
    statement_.bind_integer(index, value);
    return *this;
  }
  Query& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Query& bind(int index, bool value) { return bind(index, static_cast<std::int64_t>(value)); }
  Query& bind(int index, double value) {
    statement_.bind_real(index, value);
    return *this;
  }
  Query& bind(int index, std::string_view value) {
    statement_.bind_text(index, value);
    return *this;
  }
  Query& bind(int index, const std::string& value) { return bind(index, std::string_view(value)); }
  Query& bind(int index, const char* value) { return bind(index, std::string_view(value)); }
  Query& bind(int index, const std::optional<std::string>& value) {
    if (value) return bind(index, std::string_view(*value));
    statement_.bind_null(index);
    return *this;
  }
  // Binds bytes as a BLOB (bind() of a string binds TEXT, which the schema keeps apart), without
  // copying them: they must outlive the Query.
  Query& bind_blob(int index, std::string_view bytes) {
    statement_.bind_blob(index, bytes);
    return *this;
  }

  // Advances to the next row; false when there is none left.
  bool step() { return statement_.step(); }
  // Runs a statement that returns no rows (or whose rows do not matter).
  void run() {
    while (step()) {
    }
  }

  std::int64_t integer(int column) const { return statement_.integer(column); }
  double real(int column) const { return statement_.real(column); }
  std::string text(int column) const { return statement_.text(column); }
  std::string blob(int column) const { return statement_.blob(column); }
  bool is_null(int column) const { return statement_.is_null(column); }
  sql::ValueType type(int column) const { return statement_.type(column); }
  int column_count() const { return statement_.column_count(); }

 private:
  Statement& statement_;
};

// One connection to the store's database, with its cache of prepared statements: what the
// store's reads and writes are written against, whichever engine runs them (sqlite/, postgres/).
// Used by one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;

  virtual Dialect dialect() const = 0;

  // Runs statements that take no parameters (settings, migrations).
  virtual void exec(std::string_view sql) = 0;
  // A prepared statement for `sql`, compiled on first use and kept for the connection's life.
  Query query(std::string_view sql) { return Query(prepare(sql)); }

  // A write transaction: the engine's way of taking the write lock (SQLite) or the isolation
  // that makes concurrent writers safe (PostgreSQL).
  virtual void begin_write() = 0;
  // A read transaction: one snapshot for a read made of several queries.
  virtual void begin_read() = 0;
  void commit() { exec("COMMIT"); }
  // Rolls back whatever transaction is open; never throws (it runs while handling a failure).
  virtual void rollback() noexcept = 0;
  // False once the engine rolled the transaction back by itself (a full disk, a lost connection).
  virtual bool in_transaction() const = 0;

  // Writes `bytes` into the BLOB in `column` of the row `rowid` of `table`, made with
  // bind_zeroblob of their size, a piece at a time where the engine can.
  virtual void write_blob(const char* table, const char* column, std::int64_t rowid,
                          const SpooledBytes& bytes) = 0;

  // Called by the writer before it lets go of its connection: folds what the engine logged into
  // the database where that is the engine's job (SQLite's write-ahead log). Never throws.
  virtual void checkpoint() noexcept {}
  // Marks the open write transaction as one other processes must hear of when it commits
  // (PostgreSQL: a NOTIFY; SQLite's data_version sees every commit to the file by itself).
  virtual void announce_change() {}
  // A number that changes when another connection commits (read outside a transaction).
  virtual std::int64_t data_version() = 0;

  // What the connection is to, for messages: "embargo.db", "PostgreSQL database embargo".
  virtual std::string name() const = 0;

 protected:
  virtual Statement& prepare(std::string_view sql) = 0;
};

// Times are stored as UTC seconds since 1970.
inline std::int64_t to_seconds(Time t) { return t.time_since_epoch().count(); }
inline Time from_seconds(std::int64_t s) { return Time{std::chrono::seconds{s}}; }
// A nullable time column.
inline std::optional<Time> optional_time(const Query& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return from_seconds(row.integer(column));
}

}  // namespace embargo::store::sql
