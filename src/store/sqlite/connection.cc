#include "store/sqlite/connection.h"

#include <algorithm>
#include <stdexcept>

namespace embargo::store::sqlite {

Statement::Statement(Connection& connection, sqlite3_stmt* statement)
    : connection_(connection), statement_(statement) {}

Statement::~Statement() { sqlite3_finalize(statement_); }

void Statement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

void Statement::bind_null(int index) {
  if (sqlite3_bind_null(statement_, index) != SQLITE_OK) connection_.fail("bind");
}

void Statement::bind_integer(int index, std::int64_t value) {
  if (sqlite3_bind_int64(statement_, index, value) != SQLITE_OK) connection_.fail("bind");
}

void Statement::bind_real(int index, double value) {
  if (sqlite3_bind_double(statement_, index, value) != SQLITE_OK) connection_.fail("bind");
}

void Statement::bind_text(int index, std::string_view value) {
  if (sqlite3_bind_text64(statement_, index, value.data(), value.size(), SQLITE_TRANSIENT,
                          SQLITE_UTF8) != SQLITE_OK) {
    connection_.fail("bind");
  }
}

void Statement::bind_blob(int index, std::string_view bytes) {
  // A zero-length blob needs a non-null pointer, or SQLite binds NULL. SQLITE_STATIC: SQLite
  // reads the caller's bytes instead of copying them (an upload may be 64 MiB); reset() clears
  // the bindings before the bytes can go.
  const char* data = bytes.empty() ? "" : bytes.data();
  if (sqlite3_bind_blob64(statement_, index, data, bytes.size(), SQLITE_STATIC) != SQLITE_OK) {
    connection_.fail("bind");
  }
}

void Statement::bind_zeroblob(int index, std::uint64_t size) {
  if (sqlite3_bind_zeroblob64(statement_, index, size) != SQLITE_OK) connection_.fail("bind");
}

bool Statement::step() {
  int rc = sqlite3_step(statement_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  connection_.fail(sqlite3_sql(statement_));
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(statement_, column);
}

double Statement::real(int column) const { return sqlite3_column_double(statement_, column); }

std::string Statement::text(int column) const {
  const auto* bytes = reinterpret_cast<const char*>(sqlite3_column_text(statement_, column));
  if (bytes == nullptr) return {};
  return std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

std::string Statement::blob(int column) const {
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement_, column));
  if (bytes == nullptr) return {};
  return std::string(bytes, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

sql::ValueType Statement::type(int column) const {
  switch (sqlite3_column_type(statement_, column)) {
    case SQLITE_INTEGER:
      return sql::ValueType::integer;
    case SQLITE_FLOAT:
      return sql::ValueType::real;
    case SQLITE_TEXT:
      return sql::ValueType::text;
    case SQLITE_BLOB:
      return sql::ValueType::blob;
    default:
      return sql::ValueType::null;
  }
}

int Statement::column_count() const { return sqlite3_column_count(statement_); }

Connection::Connection(const std::filesystem::path& path, Mode mode) : path_(path) {
  int flags =
      mode == Mode::read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  flags |= SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close_v2(db_);
    throw std::runtime_error("cannot open database " + path.string() + ": " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
}

Connection::~Connection() {
  statements_.clear();
  sqlite3_close_v2(db_);
}

void Connection::exec(std::string_view sql) {
  std::string text(sql);
  if (sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(text);
}

sql::Statement& Connection::prepare(std::string_view sql) {
  auto found = statements_.find(std::string(sql));
  if (found == statements_.end()) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &statement, nullptr) != SQLITE_OK) {
      fail(sql);
    }
    found =
        statements_.emplace(std::string(sql), std::make_unique<Statement>(*this, statement)).first;
  }
  return *found->second;
}

void Connection::rollback() noexcept { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

void Connection::checkpoint() noexcept {
  // The write-ahead log is folded into the database and emptied before the process lets go of
  // it. SQLite does so itself only when the last connection to close can write, and here the
  // read-only readers close last: the log was left behind, and every later process (each
  // `embargo mail receive` an MTA starts) read all of it again to open the store and copied it
  // all again at its first commit, slower with every report (docs/performance.md). Without
  // waiting: another process busy in the store keeps the log, and checkpoints it itself. A
  // checkpoint that cannot run now loses nothing: the log stays and is read as before.
  sqlite3_exec(db_, "PRAGMA busy_timeout = 0; PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr,
               nullptr);
}

std::int64_t Connection::data_version() {
  auto q = query("PRAGMA data_version");
  q.step();
  return q.integer(0);
}

void Connection::fail(std::string_view what) const {
  // The statement is named by its first line only: enough to find it, short enough to log.
  std::string_view first_line = what.substr(0, std::min(what.find('\n'), std::size_t{80}));
  throw std::runtime_error("SQLite error in " + path_.filename().string() + ": " +
                           sqlite3_errmsg(db_) + " (in: " + std::string(first_line) + ")");
}

std::unique_ptr<Connection> open_write_connection(const std::filesystem::path& path) {
  auto db = std::make_unique<Connection>(path, Connection::Mode::read_write);
  db->exec("PRAGMA busy_timeout = 5000");
  auto mode = db->query("PRAGMA journal_mode = WAL");
  if (!mode.step() || mode.text(0) != "wal") {
    throw std::runtime_error("cannot switch " + path.string() + " to write-ahead logging");
  }
  db->exec("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON");
  // Each write of a group runs in a savepoint, whose undo journal would otherwise be a temporary
  // file written page by page: in memory, a group of 64 reports commits four times faster.
  db->exec("PRAGMA temp_store = MEMORY");
  return db;
}

void Connection::write_blob(const char* table, const char* column, std::int64_t rowid,
                            const SpooledBytes& bytes) {
  sqlite3_blob* blob = nullptr;
  if (sqlite3_blob_open(db_, "main", table, column, rowid, 1, &blob) != SQLITE_OK) {
    sqlite3_blob_close(blob);
    fail("open blob");
  }
  int at = 0;
  bool written = true;
  bytes.for_each_piece([&](std::string_view piece) {
    if (!written) return;
    written =
        sqlite3_blob_write(blob, piece.data(), static_cast<int>(piece.size()), at) == SQLITE_OK;
    at += static_cast<int>(piece.size());
  });
  if (!written) {
    sqlite3_blob_close(blob);
    fail("write blob");
  }
  if (sqlite3_blob_close(blob) != SQLITE_OK) fail("close blob");
}

}  // namespace embargo::store::sqlite
