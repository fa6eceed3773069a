#include "store/sqlite/attachment_source.h"

#include <sqlite3.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <utility>

namespace embargo::store::sqlite {

AttachmentSource::AttachmentSource(std::filesystem::path database, std::int64_t rowid,
                                   std::uint64_t size)
    : database_(std::move(database)), rowid_(rowid), size_(size) {}

std::size_t AttachmentSource::read_at(std::uint64_t offset, char* out, std::size_t size) const {
  if (offset >= size_) return 0;
  std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(size, size_ - offset));
  std::lock_guard lock(mutex_);
  if (db_ == nullptr) {
    db_ = std::make_unique<Connection>(database_, Connection::Mode::read_only);
    // The file's pages pass through once: a cache of a few pieces, not SQLite's 2 MB default
    // per connection, for each download at once.
    db_->exec("PRAGMA cache_size = -256");
  }
  sqlite3_blob* blob = nullptr;
  int opened = sqlite3_blob_open(db_->handle(), "main", "attachments", "content", rowid_, 0, &blob);
  bool read =
      opened == SQLITE_OK && static_cast<std::uint64_t>(sqlite3_blob_bytes(blob)) == size_ &&
      sqlite3_blob_read(blob, out, static_cast<int>(count), static_cast<int>(offset)) == SQLITE_OK;
  std::string error = read ? "" : sqlite3_errmsg(db_->handle());
  sqlite3_blob_close(blob);
  if (!read) {
    throw std::runtime_error("attachment " + std::to_string(rowid_) +
                             " could not be read: " + error);
  }
  return count;
}

}  // namespace embargo::store::sqlite
