#include "store/postgres/attachment_source.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <utility>

namespace embargo::store::postgres {

AttachmentSource::AttachmentSource(std::shared_ptr<sql::ReaderPool> connections, std::int64_t rowid,
                                   std::uint64_t size)
    : connections_(std::move(connections)), rowid_(rowid), size_(size) {}

std::size_t AttachmentSource::read_at(std::uint64_t offset, char* out, std::size_t size) const {
  if (offset >= size_) return 0;
  std::size_t count = static_cast<std::size_t>(std::min<std::uint64_t>(size, size_ - offset));
  auto db = connections_->borrow();
  // substring() counts from 1 and takes integers: a stored file is at most a few hundred MiB.
  auto q = db->query(
      "SELECT substring(content FROM CAST(?2 AS integer) FOR CAST(?3 AS integer))"
      " FROM attachments WHERE rowid = ?1 AND size = ?4");
  q.bind(1, rowid_)
      .bind(2, static_cast<std::int64_t>(offset + 1))
      .bind(3, static_cast<std::int64_t>(count))
      .bind(4, static_cast<std::int64_t>(size_));
  std::string piece;
  if (q.step()) piece = q.blob(0);
  if (piece.size() != count) {
    throw std::runtime_error("attachment " + std::to_string(rowid_) +
                             " could not be read: the stored file is not the size recorded");
  }
  std::memcpy(out, piece.data(), count);
  return count;
}

}  // namespace embargo::store::postgres
