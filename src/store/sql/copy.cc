#include "store/sql/copy.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <stdexcept>

#include "store/sql/bulk_load.h"
#include "store/sql/migrate.h"

namespace embargo::store::sql {
namespace {

// A table with the columns that order its rows (its primary key) and how many rows one page of
// the copy reads: few where a row holds a file.
struct CopiedTable {
  const char* name;
  std::vector<std::string> key;
  int page = 1000;
};

const std::vector<CopiedTable>& tables() {
  static const std::vector<CopiedTable> all = {
      {"programs", {"key"}},
      {"report_sequences", {"program", "year"}},
      {"users", {"key"}},
      {"reports", {"key"}, 200},
      {"transitions", {"key"}},
      {"audit_events", {"seq"}},
      {"messages", {"report", "seq"}, 200},
      {"attachments", {"report", "id"}, 1},
      {"recovery_codes", {"account", "code_hash"}},
      {"sessions", {"key"}},
      {"api_tokens", {"key"}},
      {"memberships", {"program", "account"}},
      {"invitations", {"key"}},
      {"settings", {"name"}},
      {"report_labels", {"report", "label"}},
      {"canned_responses", {"key"}},
      {"sign_in_attempts", {"email"}},
      {"mail_messages", {"key"}, 8},
      {"reporter_keys", {"report"}},
      {"outbox", {"key"}, 200},
      {"report_links", {"token_hash"}},
      {"webhooks", {"key"}},
      {"webhook_deliveries", {"key"}},
      {"bounced_addresses", {"address"}},
      {"notification_modes", {"account"}},
      {"digest_entries", {"key"}},
      {"clock_alerts", {"report", "clock", "level", "due_at"}},
      {"advisory_sequences", {"program", "year"}},
      {"advisories", {"key"}, 100},
      {"advisory_reports", {"advisory", "report"}},
      {"advisory_revisions", {"advisory", "revision"}, 100},
      {"embargo_changes", {"key"}},
      {"credit_answers", {"advisory", "report"}},
      {"expected_fixes", {"key"}},
      {"fix_verifications", {"key"}},
      {"submission_keys", {"program", "key_digest"}},
  };
  return all;
}

// One value as read from a row, to bind again elsewhere.
struct Value {
  ValueType type = ValueType::null;
  std::int64_t integer = 0;
  double real = 0;
  std::string bytes;  // text or blob
};

Value read_value(const Query& row, int column) {
  Value v;
  v.type = row.type(column);
  switch (v.type) {
    case ValueType::integer:
      v.integer = row.integer(column);
      break;
    case ValueType::real:
      v.real = row.real(column);
      break;
    case ValueType::text:
      v.bytes = row.text(column);
      break;
    case ValueType::blob:
      v.bytes = row.blob(column);
      break;
    case ValueType::null:
      break;
  }
  return v;
}

void bind_value(Query& q, int index, const Value& v) {
  switch (v.type) {
    case ValueType::integer:
      q.bind(index, v.integer);
      break;
    case ValueType::real:
      q.bind(index, v.real);
      break;
    case ValueType::text:
      q.bind(index, std::string_view(v.bytes));
      break;
    case ValueType::blob:
      q.bind_blob(index, v.bytes);
      break;
    case ValueType::null:
      q.bind(index, std::optional<std::string>());
      break;
  }
}

// The order-independent digest of a table's rows: each row's BLAKE2b-256 added into four 64-bit
// lanes, so that the same rows give the same digest in whatever order they were read.
class RowsDigest {
 public:
  void add(const std::vector<Value>& row) {
    crypto_generichash_state state;
    crypto_generichash_init(&state, nullptr, 0, 32);
    for (const Value& v : row) {
      std::string encoded = std::to_string(static_cast<int>(v.type)) + ":";
      if (v.type == ValueType::integer) encoded += std::to_string(v.integer);
      if (v.type == ValueType::real) encoded += std::to_string(v.real);
      encoded += std::to_string(v.bytes.size()) + ":";
      crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(encoded.data()),
                                encoded.size());
      crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(v.bytes.data()),
                                v.bytes.size());
    }
    std::array<unsigned char, 32> hash{};
    crypto_generichash_final(&state, hash.data(), hash.size());
    for (std::size_t lane = 0; lane < lanes_.size(); ++lane) {
      std::uint64_t part = 0;
      std::memcpy(&part, hash.data() + lane * 8, 8);
      lanes_[lane] += part;
    }
    ++rows_;
  }
  std::int64_t rows() const { return rows_; }
  std::string hex() const {
    std::array<char, 65> out{};
    sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(lanes_.data()),
                   32);
    return out.data();
  }

 private:
  std::array<std::uint64_t, 4> lanes_{};
  std::int64_t rows_ = 0;
};

// The columns of `table` a row is inserted with in `db`: every column but the generated ones
// (and SQLite's implicit rowid, which its schema does not list).
std::vector<std::string> insertable_columns(Connection& db, const std::string& table) {
  auto q = db.query(db.dialect() == Dialect::postgres
                        ? "SELECT column_name FROM information_schema.columns"
                          " WHERE table_schema = current_schema() AND table_name = ?1"
                          " AND is_generated = 'NEVER' ORDER BY ordinal_position"
                        : "SELECT name FROM pragma_table_xinfo(?1) WHERE hidden = 0 ORDER BY cid");
  q.bind(1, table);
  std::vector<std::string> columns;
  while (q.step()) columns.push_back(q.text(0));
  if (columns.empty()) throw std::runtime_error("the store has no table " + table);
  return columns;
}

// The tables of the store in `db`, but what an engine keeps for itself (SQLite's FTS5 tables and
// sequences).
std::vector<std::string> store_tables(Connection& db) {
  auto q = db.query(db.dialect() == Dialect::postgres
                        ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                        : "SELECT name FROM sqlite_schema WHERE type = 'table'"
                          " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'reports_fts%'");
  std::vector<std::string> names;
  while (q.step()) names.push_back(q.text(0));
  return names;
}

// Refuses a source with a table or column the copy would leave behind: a store written by a
// binary whose schema has more than this one copies, which would otherwise pass its check.
void check_everything_is_copied(Connection& from, Connection& to) {
  // What the copy makes again rather than copies, and the version table both stores have.
  std::vector<std::string> known = copied_tables();
  known.insert(known.end(), {"schema_migrations", "report_tallies"});
  for (const auto& table : store_tables(from)) {
    if (std::find(known.begin(), known.end(), table) == known.end()) {
      throw std::runtime_error("the source store has a table this embargo does not copy: " + table);
    }
  }
  for (const auto& table : copied_tables()) {
    auto target = insertable_columns(to, table);
    for (const auto& column : insertable_columns(from, table)) {
      // PostgreSQL's attachments.rowid is SQLite's implicit one, which a SQLite copy makes anew.
      if (column == "rowid") continue;
      if (std::find(target.begin(), target.end(), column) == target.end()) {
        std::string missing = table;
        missing += "." + column;
        throw std::runtime_error("the destination store has no column " + missing +
                                 " to copy the source's into");
      }
    }
  }
}

std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

// Reads every row of `table` from `db`, a page at a time in key order, handing each to `each`.
void each_row(Connection& db, const CopiedTable& table, const std::vector<std::string>& columns,
              const std::function<void(const std::vector<Value>&)>& each) {
  std::string select = "SELECT " + joined(columns) + " FROM " + table.name;
  std::string order = " ORDER BY " + joined(table.key) + " LIMIT " + std::to_string(table.page);
  std::string after = " WHERE (" + joined(table.key) + ") > (";
  for (std::size_t i = 0; i < table.key.size(); ++i) {
    after += (i == 0 ? "?" : ", ?") + std::to_string(i + 1);
  }
  after += ")";
  std::vector<std::size_t> key_at;
  for (const auto& k : table.key) {
    std::size_t at = 0;
    while (at < columns.size() && columns[at] != k) ++at;
    if (at == columns.size()) throw std::runtime_error(std::string(table.name) + " lacks " + k);
    key_at.push_back(at);
  }
  std::optional<std::vector<Value>> last;
  for (;;) {
    std::string sql = select;
    if (last) sql += after;
    sql += order;
    auto q = db.query(sql);
    if (last) {
      for (std::size_t i = 0; i < key_at.size(); ++i) {
        bind_value(q, static_cast<int>(i + 1), (*last)[key_at[i]]);
      }
    }
    int read = 0;
    while (q.step()) {
      std::vector<Value> row;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        row.push_back(read_value(q, static_cast<int>(c)));
      }
      each(row);
      last = std::move(row);
      ++read;
    }
    if (read < table.page) return;
  }
}

// Inserts a table's rows many to a statement, up to a page of them: one round trip for up to a
// hundred rows instead of one each, which made a million-report instance take more than half an
// hour to copy into PostgreSQL. A page is never more rows than the table's own (one row of files),
// nor more values than either engine takes in one statement.
class RowInserter {
 public:
  RowInserter(Connection& db, const CopiedTable& table, const std::vector<std::string>& columns)
      : db_(db),
        head_(std::string("INSERT INTO ") + table.name + " (" + joined(columns) + ") VALUES "),
        width_(columns.size()),
        batch_(std::max<std::size_t>(
            1, std::min({static_cast<std::size_t>(table.page), kRowsPerInsert,
                         kValuesPerInsert / std::max<std::size_t>(1, columns.size())}))) {}
  RowInserter(const RowInserter&) = delete;
  RowInserter& operator=(const RowInserter&) = delete;

  void add(std::vector<Value> row) {
    rows_.push_back(std::move(row));
    if (rows_.size() == batch_) flush();
  }

  void flush() {
    if (rows_.empty()) return;
    std::string sql = head_;
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      sql += r == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < width_; ++c) {
        sql += (c == 0 ? "?" : ", ?") + std::to_string(r * width_ + c + 1);
      }
      sql += ")";
    }
    auto q = db_.query(sql);
    for (std::size_t r = 0; r < rows_.size(); ++r) {
      for (std::size_t c = 0; c < width_; ++c) {
        bind_value(q, static_cast<int>(r * width_ + c + 1), rows_[r][c]);
      }
    }
    q.run();
    rows_.clear();
  }

 private:
  static constexpr std::size_t kRowsPerInsert = 100;
  static constexpr std::size_t kValuesPerInsert = 30000;  // SQLite takes 32,766, PostgreSQL 65,535

  Connection& db_;
  std::string head_;
  std::size_t width_;
  std::size_t batch_;
  std::vector<std::vector<Value>> rows_;
};

// PostgreSQL's identity columns hand out the next key from a sequence that copied keys did not
// move: each is set past the largest key copied.
void move_sequences_past_copied_keys(Connection& db) {
  std::vector<std::pair<std::string, std::string>> identities;
  {
    auto q = db.query(
        "SELECT table_name, column_name FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND is_identity = 'YES'");
    while (q.step()) identities.emplace_back(q.text(0), q.text(1));
  }
  for (const auto& [table, column] : identities) {
    std::string sql = "SELECT setval(pg_get_serial_sequence(?1, ?2), coalesce(max(";
    sql += column;
    sql += "), 0) + 1, false) FROM ";
    sql += table;
    db.query(sql).bind(1, table).bind(2, column).run();
  }
}

}  // namespace

const std::vector<std::string>& copied_tables() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& t : tables()) out.emplace_back(t.name);
    return out;
  }();
  return names;
}

std::vector<TableCopy> copy_store(Connection& from, Connection& to) {
  int from_version = schema_version(from);
  int to_version = schema_version(to);
  if (from_version != to_version) {
    throw std::runtime_error("the source store has schema version " + std::to_string(from_version) +
                             " and the destination " + std::to_string(to_version) +
                             ": open both with the same embargo");
  }
  check_everything_is_copied(from, to);
  std::vector<TableCopy> copied;
  from.begin_read();
  try {
    to.begin_write();
    BulkLoad load(to);
    for (const CopiedTable& table : tables()) {
      auto columns = insertable_columns(to, table.name);
      auto existing = to.query(std::string("SELECT count(*) FROM ") + table.name);
      existing.step();
      if (existing.integer(0) != 0) {
        throw std::runtime_error("the destination store is not empty: its table " +
                                 std::string(table.name) + " has rows");
      }
      RowInserter inserter(to, table, columns);
      RowsDigest digest;
      each_row(from, table, columns, [&](const std::vector<Value>& row) {
        digest.add(row);
        inserter.add(row);
      });
      inserter.flush();
      copied.push_back({table.name, digest.rows(), digest.hex()});
    }
    load.finish();
    if (to.dialect() == Dialect::postgres) move_sequences_past_copied_keys(to);
    for (std::size_t i = 0; i < tables().size(); ++i) {
      const CopiedTable& table = tables()[i];
      RowsDigest again;
      each_row(to, table, insertable_columns(to, table.name),
               [&](const std::vector<Value>& row) { again.add(row); });
      if (again.rows() != copied[i].rows || again.hex() != copied[i].digest) {
        throw std::runtime_error("the copy of table " + std::string(table.name) + " holds " +
                                 std::to_string(again.rows()) + " rows that do not match the " +
                                 std::to_string(copied[i].rows) + " of the source");
      }
    }
    to.announce_change();
    to.commit();
  } catch (...) {
    to.rollback();
    from.rollback();
    throw;
  }
  from.rollback();
  return copied;
}

}  // namespace embargo::store::sql
