#include <string>

#include "store/sql/sql_store.h"
#include "store/sqlite/attachment_source.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace embargo::store {
namespace sqlite {
namespace {

// Address space, not memory: the OS pages in what is read and may drop it again. The most
// Debian's SQLite maps (its SQLITE_MAX_MMAP_SIZE, 0x7fff0000); pages past it are copied in with
// pread, which at a million reports (3.7 GB) was a quarter of a dashboard's time.
constexpr std::int64_t kMappedBytes = 0x7fff0000;

// The store's engine on one SQLite file.
class Engine final : public sql::Engine {
 public:
  explicit Engine(std::filesystem::path path) : path_(std::move(path)) {}

  std::unique_ptr<sql::Connection> open_writer() override { return open_write_connection(path_); }

  std::unique_ptr<sql::Connection> open_reader() override {
    auto db = std::make_unique<Connection>(path_, Connection::Mode::read_only);
    db->exec("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON");
    // Reads map the database file instead of copying each page out of the OS cache into
    // SQLite's small per-connection cache: a queue count walks an index of every report, and at
    // 100,000 reports the copying was most of its time (docs/performance.md).
    db->exec("PRAGMA mmap_size = " + std::to_string(kMappedBytes));
    return db;
  }

  const std::vector<Migration>& migrations() const override { return store::migrations(); }

  std::shared_ptr<ByteSource> attachment(std::int64_t rowid, std::uint64_t size) override {
    return std::make_shared<AttachmentSource>(path_, rowid, size);
  }

  // SQLite's online backup, in one step: one read snapshot.
  void copy_database(sql::Connection& reader, const std::filesystem::path& path) override {
    auto& source = dynamic_cast<Connection&>(reader);
    Connection copy(path, Connection::Mode::read_write);
    sqlite3_backup* backup = sqlite3_backup_init(copy.handle(), "main", source.handle(), "main");
    if (backup == nullptr) copy.fail("backup");
    int rc = sqlite3_backup_step(backup, -1);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) copy.fail("backup");
    // A single file, with nothing left in a write-ahead log beside it.
    copy.exec("PRAGMA journal_mode = DELETE");
  }

 private:
  std::filesystem::path path_;
};

}  // namespace
}  // namespace sqlite

std::unique_ptr<Store> open_sqlite(const SqliteOptions& options) {
  return std::make_unique<sql::SqlStore>(
      sql::SqlStoreOptions{.engine = std::make_unique<sqlite::Engine>(options.path),
                           .readers = options.readers,
                           .max_batch = options.max_batch,
                           .time = options.time});
}

}  // namespace embargo::store
