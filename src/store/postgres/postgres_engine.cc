#include <algorithm>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "store/postgres/attachment_source.h"
#include "store/postgres/connection.h"
#include "store/sql/copy.h"
#include "store/sql/reader_pool.h"
#include "store/sql/sql_store.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace embargo::store {
namespace postgres {
namespace {

// The first key of the advisory locks that stand for the background jobs (the second is the
// hash of the job's name): a number of our own, so that other users of the database's advisory
// locks are not in the way.
constexpr std::int64_t kJobLocks = 0x656d6261;

// PostgresOptions::max_batch's bound.
constexpr int kMostSavepoints = 60;

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
    return std::make_shared<AttachmentSource>(downloads(), rowid, size);
  }

  bool hold_job(const std::string& job) override {
    std::lock_guard lock(jobs_mutex_);
    JobLock& held = jobs_[job];
    try {
      if (held.connection && held.held) {
        held.connection->exec("SELECT 1");
        // Still the session that took the lock (a connection made again holds nothing).
        if (held.connection->session() == held.session) return true;
        held.held = false;
      }
      // The connection is kept while another server holds the job, and asks again at each pass.
      if (!held.connection) held.connection = std::make_unique<Connection>(url_);
      auto q =
          held.connection->query("SELECT pg_try_advisory_lock(CAST(?1 AS integer), hashtext(?2))");
      q.bind(1, kJobLocks).bind(2, job);
      held.held = q.step() && q.integer(0) != 0;
      held.session = held.connection->session();
      return held.held;
    } catch (const std::exception&) {
      held = JobLock{};  // a lost connection held nothing; the next pass starts again
      throw;
    }
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
  // The connections every download of this server reads its pieces through, opened at the first
  // download. A download used to keep a connection of its own until it ended, so a few hundred
  // slow ones could take every connection the database allows; a piece is one short query, and
  // two connections serve them all.
  std::shared_ptr<sql::ReaderPool> downloads() {
    std::lock_guard lock(downloads_mutex_);
    if (!downloads_) downloads_ = std::make_shared<sql::ReaderPool>(*this, kDownloadConnections);
    return downloads_;
  }
  static constexpr int kDownloadConnections = 2;

  std::string url_;
  std::mutex downloads_mutex_;
  std::shared_ptr<sql::ReaderPool> downloads_;
  std::mutex jobs_mutex_;
  // A job's connection, and whether it holds the job's lock.
  struct JobLock {
    std::unique_ptr<Connection> connection;
    bool held = false;
    std::int64_t session = 0;  // the connection's session the lock was taken in
  };
  std::map<std::string, JobLock> jobs_;
};

}  // namespace
}  // namespace postgres

std::vector<MovedTable> copy_sqlite_to_postgres(const std::filesystem::path& from,
                                                const std::string& to) {
  if (!std::filesystem::exists(from)) {
    throw std::runtime_error("there is no SQLite store at " + from.string());
  }
  open_sqlite({.path = from, .readers = 1, .max_batch = 1}).reset();
  open_postgres({.url = to, .readers = 1, .max_batch = 1}).reset();
  sqlite::Connection source(from, sqlite::Connection::Mode::read_only);
  postgres::Connection destination(to);
  std::vector<MovedTable> moved;
  for (const auto& table : sql::copy_store(source, destination)) {
    moved.push_back({table.table, table.rows});
  }
  return moved;
}

std::unique_ptr<Store> open_postgres(const PostgresOptions& options) {
  return std::make_unique<sql::SqlStore>(
      sql::SqlStoreOptions{.engine = std::make_unique<postgres::Engine>(options.url),
                           .readers = options.readers,
                           .max_batch = std::min(options.max_batch, postgres::kMostSavepoints),
                           .time = options.time});
}

}  // namespace embargo::store
