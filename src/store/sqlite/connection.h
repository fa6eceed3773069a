#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql/connection.h"

namespace embargo::store::sqlite {

// A prepared SQLite statement, owned by its connection's cache.
class Statement final : public sql::Statement {
 public:
  Statement(class Connection& connection, sqlite3_stmt* statement);
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() override;

  void bind_null(int index) override;
  void bind_integer(int index, std::int64_t value) override;
  void bind_real(int index, double value) override;
  void bind_text(int index, std::string_view value) override;
  void bind_blob(int index, std::string_view bytes) override;
  void bind_zeroblob(int index, std::uint64_t size) override;
  bool step() override;
  std::int64_t integer(int column) const override;
  double real(int column) const override;
  std::string text(int column) const override;
  std::string blob(int column) const override;
  bool is_null(int column) const override;
  sql::ValueType type(int column) const override;
  int column_count() const override;
  void reset() override;

 private:
  class Connection& connection_;
  sqlite3_stmt* statement_;
};

// One SQLite connection with its cache of prepared statements. Used by one thread at a time.
class Connection final : public sql::Connection {
 public:
  enum class Mode { read_write, read_only };

  Connection(const std::filesystem::path& path, Mode mode);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() override;

  sql::Dialect dialect() const override { return sql::Dialect::sqlite; }
  void exec(std::string_view sql) override;
  // IMMEDIATE: the write lock is taken at BEGIN, so a write never fails half-way for want of it.
  void begin_write() override { exec("BEGIN IMMEDIATE"); }
  void begin_read() override { exec("BEGIN"); }
  void rollback() noexcept override;
  bool in_transaction() const override { return sqlite3_get_autocommit(db_) == 0; }
  // Through SQLite's incremental blob I/O: a spooled file goes from its temporary file to the
  // database without being loaded whole.
  void write_blob(const char* table, const char* column, std::int64_t rowid,
                  const SpooledBytes& bytes) override;
  void checkpoint() noexcept override;
  // PRAGMA data_version: costs no disk I/O in WAL mode.
  std::int64_t data_version() override;
  std::string name() const override { return path_.filename().string(); }

  sqlite3* handle() const { return db_; }
  const std::filesystem::path& path() const { return path_; }

  // Throws std::runtime_error with SQLite's message for the last failure, prefixed by `what`.
  [[noreturn]] void fail(std::string_view what) const;

 protected:
  sql::Statement& prepare(std::string_view sql) override;

 private:
  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
};

// The store's one write connection: WAL so that readers never wait, synchronous = FULL so that
// a commit is on disk (the log fsynced) when it returns, foreign keys enforced, savepoint
// journals in memory.
std::unique_ptr<Connection> open_write_connection(const std::filesystem::path& path);

}  // namespace embargo::store::sqlite
