#pragma once

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "store/sql/connection.h"

namespace embargo::store::postgres {

// The SQL the store writes (parameters ?1, ?2...) as PostgreSQL takes it ($1, $2...); a ? inside
// a string literal, a quoted name or a comment is left alone.
std::string numbered_parameters(std::string_view sql);

// A statement prepared on one PostgreSQL connection (PQprepare once, PQexecPrepared for each
// use). Values travel as text, bytes as binary; results come back as text, parsed by the column
// readers. The server works out each parameter's type from the statement, except that integers
// are declared bigint and bytes bytea.
class Statement final : public sql::Statement {
 public:
  Statement(class Connection& connection, const std::string& sql);
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
  // A parameter's value as sent; nullopt is NULL.
  struct Parameter {
    std::optional<std::string> value;
    unsigned int type = 0;  // 0: the server infers it
    bool binary = false;
  };
  Parameter& parameter(int index);
  // The name the statement is prepared under for these parameter types, preparing it first.
  const std::string& prepared_name();
  const char* cell(int column) const;
  // Prepares (when needed) and runs the statement with its parameters; throws what fail() does.
  PGresult* execute();

  class Connection& connection_;
  std::string sql_;
  std::vector<Parameter> parameters_;
  std::vector<int> unreferenced_;  // numbers below the highest that the statement never uses
  // One prepared statement per combination of declared parameter types seen.
  std::unordered_map<std::string, std::string> prepared_;
  std::int64_t session_ = -1;  // the connection's session the prepared names belong to
  PGresult* result_ = nullptr;
  int row_ = -1;
};

// One connection to a PostgreSQL database with its cache of prepared statements. Used by one
// thread at a time.
class Connection final : public sql::Connection {
 public:
  // Connects to `url` (postgresql://...); std::runtime_error naming the server, never the
  // password, when it cannot.
  explicit Connection(const std::string& url);
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() override;

  sql::Dialect dialect() const override { return sql::Dialect::postgres; }
  void exec(std::string_view sql) override;
  // One writer at a time across every server of the database, as SQLite has one writer: the
  // transaction takes the store's advisory lock first and holds it until it ends (a killed
  // server's lock goes with its connection). READ COMMITTED then makes each statement read what
  // the previous writers committed, so the store's reads-then-writes run as on SQLite.
  void begin_write() override;
  void begin_read() override { begin("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"); }
  void rollback() noexcept override;
  bool in_transaction() const override;
  // The file's bytes go in one UPDATE: PostgreSQL takes a bytea value whole.
  void write_blob(const char* table, const char* column, std::int64_t rowid,
                  const SpooledBytes& bytes) override;
  void announce_change() override;
  // Notifications received on the store's channel (LISTEN starts at the first call).
  std::int64_t data_version() override;
  std::string name() const override;

  PGconn* handle() const { return conn_; }
  // Which session of the server the connection is in: it grows each time a lost connection is
  // made again, and the statements prepared in an earlier session are prepared again.
  std::int64_t session() const { return session_; }
  // Makes a lost connection again (the server restarted, the network failed) before the next
  // statement; a statement that was running when it was lost has failed with its error.
  void reconnect_if_lost();
  // A name for the next prepared statement, unique on this connection.
  std::string next_statement_name() { return "s" + std::to_string(++statements_made_); }

  // Throws std::runtime_error with the server's message and SQLSTATE for `result` (or the
  // connection's last error), naming the statement by its first line; frees `result`.
  [[noreturn]] void fail(PGresult* result, std::string_view what) const;

 protected:
  sql::Statement& prepare(std::string_view sql) override;

 private:
  // Opens a transaction. A BEGIN that finds the connection lost has done nothing, so it is sent
  // again once the connection is made again: a pooled connection left from before a restart of
  // the server costs no request an error.
  void begin(const char* sql);
  // What every session starts with: notices ignored, UTF-8, the process named.
  void start_session();

  PGconn* conn_ = nullptr;
  std::int64_t session_ = 0;
  std::unordered_map<std::string, std::unique_ptr<Statement>> statements_;
  std::int64_t statements_made_ = 0;
  bool listening_ = false;
  std::int64_t notifications_ = 0;
};

// The channel every write's NOTIFY goes to and every server's change watch listens on.
inline constexpr const char* kChangeChannel = "embargo_changes";

}  // namespace embargo::store::postgres
