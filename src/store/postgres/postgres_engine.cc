#include <string>

#include "store/postgres/attachment_source.h"
#include "store/postgres/connection.h"
#include "store/sql/copy.h"
#include "store/sql/sql_store.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace embargo::store {
namespace postgres {
namespace {

// The store's engine on one PostgreSQL database, shared by every server that opens it.
class Engine final : public sql::Engine {
 public:
  explicit Engine(std::string url) : url_(std::move(url)) {}

  std::unique_ptr<sql::Connection> open_writer() override {
    return std::make_unique<Connection>(url_);
  }
  std::unique_ptr<sql::Connection> open_reader() override {
    return std::make_unique<Connection>(url_);
  }
  const std::vector<Migration>& migrations() const override { return store::postgres_migrations(); }
  std::shared_ptr<ByteSource> attachment(std::int64_t rowid, std::uint64_t size) override {
    return std::make_shared<AttachmentSource>(url_, rowid, size);
  }

  // A backup of a PostgreSQL store is a SQLite store file holding the same rows, checked row
  // for row: `embargo serve --data` runs it as it is, and `embargo migrate --from` moves it
  // back into a PostgreSQL database.
  void copy_database(sql::Connection& reader, const std::filesystem::path& path) override {
    auto copy = open_sqlite({.path = path, .readers = 1, .max_batch = 1});
    copy.reset();
    auto db = sqlite::open_write_connection(path);
    sql::copy_store(reader, *db);
    db->checkpoint();
    db->exec("PRAGMA journal_mode = DELETE");
  }

 private:
  std::string url_;
};

}  // namespace
}  // namespace postgres

std::unique_ptr<Store> open_postgres(const PostgresOptions& options) {
  return std::make_unique<sql::SqlStore>(
      sql::SqlStoreOptions{.engine = std::make_unique<postgres::Engine>(options.url),
                           .readers = options.readers,
                           .max_batch = options.max_batch,
                           .time = options.time});
}

}  // namespace embargo::store
