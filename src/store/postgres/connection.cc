#include "store/postgres/connection.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

#include "store/store.h"

namespace embargo::store::postgres {
namespace {

// PostgreSQL's type ids (pg_type.oid) of the parameters the store declares.
constexpr Oid kBoolean = 16;
constexpr Oid kBytea = 17;
constexpr Oid kBigint = 20;
constexpr Oid kSmallint = 21;
constexpr Oid kInteger = 23;
constexpr Oid kText = 25;
constexpr Oid kReal = 700;
constexpr Oid kDoublePrecision = 701;
constexpr Oid kNumeric = 1700;

// The advisory lock every write transaction takes: (kStoreLocks, kWriterLock). The first key is
// the one the background jobs' locks share (their second is the hash of the job's name).
constexpr std::int64_t kStoreLocks = 1701667425;
constexpr std::int64_t kWriterLock = 0;

std::string trimmed(const char* message) {
  std::string text = message != nullptr ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

// Which of $1..$N `translated` refers to (index 0 unused): a statement built for the filters a
// query has may leave some numbers out.
std::vector<bool> referenced_parameters(std::string_view translated) {
  std::vector<bool> referenced(1, false);
  for (std::size_t i = 0; i < translated.size(); ++i) {
    if (translated[i] != '$' || i + 1 >= translated.size() || translated[i + 1] < '0' ||
        translated[i + 1] > '9') {
      continue;
    }
    int n = 0;
    std::size_t j = i + 1;
    while (j < translated.size() && translated[j] >= '0' && translated[j] <= '9') {
      n = n * 10 + (translated[j] - '0');
      ++j;
    }
    if (static_cast<std::size_t>(n) >= referenced.size()) referenced.resize(n + 1, false);
    referenced[static_cast<std::size_t>(n)] = true;
    i = j - 1;
  }
  return referenced;
}

}  // namespace

std::string numbered_parameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  std::size_t i = 0;
  // Copies up to and including the `end` that closes what opens at i, `opening` characters long.
  auto copy_until = [&](std::string_view end, std::size_t opening) {
    std::size_t close = sql.find(end, i + opening);
    std::size_t stop = close == std::string_view::npos ? sql.size() : close + end.size();
    out.append(sql.substr(i, stop - i));
    i = stop;
  };
  while (i < sql.size()) {
    char c = sql[i];
    if (c == '\'') {
      copy_until("'", 1);  // '' inside a literal closes and reopens it: the same text
    } else if (c == '"') {
      copy_until("\"", 1);
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      copy_until("\n", 2);
    } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
      copy_until("*/", 2);
    } else if (c == '?' && i + 1 < sql.size() && sql[i + 1] >= '0' && sql[i + 1] <= '9') {
      out.push_back('$');
      ++i;
    } else {
      out.push_back(c);
      ++i;
    }
  }
  return out;
}

Statement::Statement(Connection& connection, const std::string& sql)
    : connection_(connection), sql_(numbered_parameters(sql)) {
  auto referenced = referenced_parameters(sql_);
  parameters_.resize(referenced.size() - 1);
  for (std::size_t i = 1; i < referenced.size(); ++i) {
    // A number the statement skips still has to have a type: text, never read.
    if (!referenced[i]) unreferenced_.push_back(static_cast<int>(i));
  }
}

Statement::~Statement() { PQclear(result_); }

Statement::Parameter& Statement::parameter(int index) {
  if (index < 1 || static_cast<std::size_t>(index) > parameters_.size()) {
    throw std::runtime_error("PostgreSQL statement has no parameter " + std::to_string(index) +
                             " (in: " + sql_.substr(0, 80) + ")");
  }
  return parameters_[static_cast<std::size_t>(index - 1)];
}

void Statement::bind_null(int index) { parameter(index) = Parameter{}; }

void Statement::bind_integer(int index, std::int64_t value) {
  parameter(index) = Parameter{std::to_string(value), kBigint, false};
}

void Statement::bind_real(int index, double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.17g", value);
  parameter(index) = Parameter{std::string(text), kDoublePrecision, false};
}

void Statement::bind_text(int index, std::string_view value) {
  // libpq sends text up to its first NUL, and PostgreSQL's text cannot hold one: refused rather
  // than cut short (the store's inputs are checked for control characters before this).
  if (value.find('\0') != std::string_view::npos) {
    throw std::runtime_error("PostgreSQL text cannot hold a NUL byte (in: " +
                             sql_.substr(0, std::min(sql_.find('\n'), std::size_t{80})) + ")");
  }
  parameter(index) = Parameter{std::string(value), 0, false};
}

void Statement::bind_blob(int index, std::string_view bytes) {
  parameter(index) = Parameter{std::string(bytes), kBytea, true};
}

void Statement::bind_zeroblob(int index, std::uint64_t) {
  // Nothing to reserve: write_blob sends the bytes whole.
  parameter(index) = Parameter{std::string(), kBytea, true};
}

const std::string& Statement::prepared_name() {
  connection_.reconnect_if_lost();
  if (session_ != connection_.session()) {
    prepared_.clear();
    session_ = connection_.session();
  }
  std::string signature;
  std::vector<Oid> types;
  for (const auto& p : parameters_) {
    types.push_back(p.value ? p.type : 0);
    signature += std::to_string(types.back()) + ",";
  }
  for (int number : unreferenced_) types[static_cast<std::size_t>(number - 1)] = kText;
  auto found = prepared_.find(signature);
  if (found != prepared_.end()) return found->second;
  std::string name = connection_.next_statement_name();
  PGresult* prepared = PQprepare(connection_.handle(), name.c_str(), sql_.c_str(),
                                 static_cast<int>(types.size()), types.data());
  if (PQresultStatus(prepared) != PGRES_COMMAND_OK) connection_.fail(prepared, sql_);
  PQclear(prepared);
  return prepared_.emplace(signature, name).first->second;
}

PGresult* Statement::execute() {
  const std::string& name = prepared_name();
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  for (const auto& p : parameters_) {
    values.push_back(p.value ? p.value->data() : nullptr);
    lengths.push_back(p.value ? static_cast<int>(p.value->size()) : 0);
    formats.push_back(p.binary ? 1 : 0);
  }
  PGresult* result =
      PQexecPrepared(connection_.handle(), name.c_str(), static_cast<int>(values.size()),
                     values.data(), lengths.data(), formats.data(), 0);
  auto status = PQresultStatus(result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) connection_.fail(result, sql_);
  return result;
}

bool Statement::step() {
  if (result_ == nullptr) {
    bool alone = !connection_.in_transaction();
    try {
      result_ = execute();
    } catch (const Unavailable&) {
      // Outside a transaction a statement is a read (every write runs in one), so one that
      // found its connection gone is sent once more on a new connection: a pooled connection
      // left from before the database restarted costs no request an error.
      if (!alone) throw;
      result_ = execute();
    }
    row_ = -1;
  }
  ++row_;
  return row_ < PQntuples(result_);
}

const char* Statement::cell(int column) const {
  if (result_ == nullptr || row_ < 0 || row_ >= PQntuples(result_) || column < 0 ||
      column >= PQnfields(result_)) {
    throw std::runtime_error("PostgreSQL statement has no column " + std::to_string(column) +
                             " in its current row (in: " + sql_.substr(0, 80) + ")");
  }
  return PQgetvalue(result_, row_, column);
}

std::int64_t Statement::integer(int column) const {
  const char* text = cell(column);
  if (PQgetisnull(result_, row_, column)) return 0;
  // Booleans come back as t and f; numbers (bigint, or numeric for a sum) as digits.
  if (text[0] == 't' && text[1] == '\0') return 1;
  if (text[0] == 'f' && text[1] == '\0') return 0;
  return std::strtoll(text, nullptr, 10);
}

double Statement::real(int column) const {
  const char* text = cell(column);
  if (PQgetisnull(result_, row_, column)) return 0;
  return std::strtod(text, nullptr);
}

std::string Statement::text(int column) const {
  const char* text = cell(column);
  return std::string(text, static_cast<std::size_t>(PQgetlength(result_, row_, column)));
}

std::string Statement::blob(int column) const {
  const char* text = cell(column);
  if (PQgetisnull(result_, row_, column)) return {};
  std::size_t length = 0;
  unsigned char* bytes = PQunescapeBytea(reinterpret_cast<const unsigned char*>(text), &length);
  if (bytes == nullptr) throw std::runtime_error("PostgreSQL returned bytes that do not decode");
  std::string out(reinterpret_cast<const char*>(bytes), length);
  PQfreemem(bytes);
  return out;
}

bool Statement::is_null(int column) const {
  cell(column);
  return PQgetisnull(result_, row_, column) != 0;
}

sql::ValueType Statement::type(int column) const {
  if (is_null(column)) return sql::ValueType::null;
  switch (PQftype(result_, column)) {
    case kBoolean:
    case kSmallint:
    case kInteger:
    case kBigint:
      return sql::ValueType::integer;
    case kReal:
    case kDoublePrecision:
    case kNumeric:
      return sql::ValueType::real;
    case kBytea:
      return sql::ValueType::blob;
    default:
      return sql::ValueType::text;
  }
}

int Statement::column_count() const { return result_ != nullptr ? PQnfields(result_) : 0; }

void Statement::reset() {
  PQclear(result_);
  result_ = nullptr;
  row_ = -1;
  std::fill(parameters_.begin(), parameters_.end(), Parameter{});
}

namespace {

// Notices (a table that already exists, ...) are the server talking to a person at a psql
// prompt: the store has no one to show them to.
void ignore_notice(void*, const char*) {}

}  // namespace

}  // namespace embargo::store::postgres

namespace embargo::store {

std::string postgres_database_name(const std::string& url) {
  char* parse_error = nullptr;
  PQconninfoOption* options = PQconninfoParse(url.c_str(), &parse_error);
  if (options == nullptr) {
    std::string message = postgres::trimmed(parse_error);
    PQfreemem(parse_error);
    // libpq quotes the part it could not read, which may be the password.
    auto scheme = url.find("://");
    auto at = url.find('@');
    bool password =
        scheme != std::string::npos && at != std::string::npos && url.find(':', scheme + 3) < at;
    throw std::runtime_error(password ? "not a valid PostgreSQL URL (libpq's reason is not shown: "
                                        "it may quote the password)"
                                      : "not a valid PostgreSQL URL: " + message);
  }
  std::string name;
  for (PQconninfoOption* o = options; o->keyword != nullptr; ++o) {
    if (std::string_view(o->keyword) == "dbname" && o->val != nullptr) name = o->val;
  }
  PQconninfoFree(options);
  return name.empty() ? "(the default database)" : name;
}

}  // namespace embargo::store

namespace embargo::store::postgres {

Connection::Connection(const std::string& url) {
  if (!url.starts_with("postgresql://") && !url.starts_with("postgres://")) {
    throw std::runtime_error("a PostgreSQL URL starts with postgresql:// (or postgres://)");
  }
  postgres_database_name(url);  // refuses a URL that does not parse, before connecting
  // Defaults the URL may override: a server that does not answer is given up on in seconds, and
  // a peer that went away (a network cut) is noticed in about a minute instead of TCP's hours.
  const char* keywords[] = {
      "connect_timeout",  "keepalives",       "keepalives_idle", "keepalives_interval",
      "keepalives_count", "tcp_user_timeout", "dbname",          nullptr};
  const char* values[] = {"10", "1", "30", "10", "3", "60000", url.c_str(), nullptr};
  conn_ = PQconnectdbParams(keywords, values, 1);
  if (conn_ == nullptr) throw std::runtime_error("cannot connect to PostgreSQL: out of memory");
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = trimmed(PQerrorMessage(conn_));
    std::string database = PQdb(conn_) != nullptr ? PQdb(conn_) : "";
    PQfinish(conn_);
    conn_ = nullptr;
    throw Unavailable("cannot connect to PostgreSQL database " + database + ": " + message);
  }
  start_session();
}

Connection::~Connection() {
  statements_.clear();
  PQfinish(conn_);
}

void Connection::start_session() {
  PQsetNoticeProcessor(conn_, ignore_notice, nullptr);
  // The process a connection belongs to, in pg_stat_activity (which server holds a job's lock).
  exec("SET client_encoding = 'UTF8'; SET application_name = 'embargo " +
       std::to_string(::getpid()) + "'");
  // A server cut off in the middle of a transaction must not keep the writer's lock: PostgreSQL
  // ends a session idle in a transaction after a minute (the store's transactions never pause),
  // and probes a silent peer's TCP connection after 30 s (session-level job locks go with it).
  exec(
      "SET idle_in_transaction_session_timeout = '60s'; SET tcp_keepalives_idle = 30;"
      " SET tcp_keepalives_interval = 10; SET tcp_keepalives_count = 3");
}

void Connection::reconnect_if_lost() {
  if (PQstatus(conn_) == CONNECTION_OK) return;
  PQreset(conn_);
  if (PQstatus(conn_) != CONNECTION_OK) {
    throw Unavailable("the connection to " + name() +
                      " was lost and could not be made again: " + trimmed(PQerrorMessage(conn_)));
  }
  ++session_;
  listening_ = false;
  ++notifications_;  // what other servers wrote meanwhile was not heard: count it as a change
  start_session();
}

void Connection::begin_write() {
  begin("BEGIN ISOLATION LEVEL READ COMMITTED");
  query("SELECT pg_advisory_xact_lock(CAST(?1 AS integer), CAST(?2 AS integer))")
      .bind(1, kStoreLocks)
      .bind(2, kWriterLock)
      .run();
}

void Connection::begin(const char* sql) {
  try {
    exec(sql);
  } catch (const std::runtime_error&) {
    if (PQstatus(conn_) == CONNECTION_OK) throw;
    exec(sql);
  }
}

void Connection::exec(std::string_view sql) {
  reconnect_if_lost();
  std::string text(sql);
  PGresult* result = PQexec(conn_, text.c_str());
  auto status = PQresultStatus(result);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(result, text);
  PQclear(result);
}

sql::Statement& Connection::prepare(std::string_view sql) {
  auto found = statements_.find(std::string(sql));
  if (found == statements_.end()) {
    found =
        statements_.emplace(std::string(sql), std::make_unique<Statement>(*this, std::string(sql)))
            .first;
  }
  return *found->second;
}

void Connection::rollback() noexcept { PQclear(PQexec(conn_, "ROLLBACK")); }

bool Connection::in_transaction() const {
  auto status = PQtransactionStatus(conn_);
  return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE;
}

void Connection::write_blob(const char* table, const char* column, std::int64_t rowid,
                            const SpooledBytes& bytes) {
  std::string whole;
  whole.reserve(bytes.size());
  bytes.for_each_piece([&](std::string_view piece) { whole.append(piece); });
  query(std::string("UPDATE ") + table + " SET " + column + " = ?1 WHERE rowid = ?2")
      .bind_blob(1, whole)
      .bind(2, rowid)
      .run();
}

void Connection::announce_change() { exec(std::string("NOTIFY ") + kChangeChannel); }

std::int64_t Connection::data_version() {
  reconnect_if_lost();
  if (!listening_) {
    exec(std::string("LISTEN ") + kChangeChannel);
    listening_ = true;
  }
  if (PQconsumeInput(conn_) == 0) {
    throw Unavailable("PostgreSQL connection to " + name() +
                      " lost: " + trimmed(PQerrorMessage(conn_)));
  }
  while (PGnotify* notice = PQnotifies(conn_)) {
    ++notifications_;
    PQfreemem(notice);
  }
  return notifications_;
}

std::string Connection::name() const {
  const char* database = PQdb(conn_);
  return std::string("PostgreSQL database ") + (database != nullptr ? database : "");
}

void Connection::fail(PGresult* result, std::string_view what) const {
  // The primary message, with the constraint a row broke: never the DETAIL, which quotes the
  // row (a report's text, a password hash) into the log.
  std::string message;
  if (result != nullptr) {
    const char* primary = PQresultErrorField(result, PG_DIAG_MESSAGE_PRIMARY);
    const char* constraint = PQresultErrorField(result, PG_DIAG_CONSTRAINT_NAME);
    if (primary != nullptr) message = primary;
    if (constraint != nullptr) message += std::string(" (constraint ") + constraint + ")";
  }
  if (message.empty()) message = trimmed(PQerrorMessage(conn_));
  const char* state = result != nullptr ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  if (state != nullptr) message += std::string(" [") + state + "]";
  // Connection exceptions (class 08) and a server shutting down or starting (57P01-57P03): the
  // database is away, not the statement wrong.
  std::string_view code = state != nullptr ? state : "";
  bool away = PQstatus(conn_) != CONNECTION_OK || code.starts_with("08") || code == "57P01" ||
              code == "57P02" || code == "57P03";
  PQclear(result);
  std::string_view first_line = what.substr(0, std::min(what.find('\n'), std::size_t{80}));
  std::string text =
      "PostgreSQL error in " + name() + ": " + message + " (in: " + std::string(first_line) + ")";
  if (away) throw Unavailable(text);
  throw std::runtime_error(text);
}

}  // namespace embargo::store::postgres
