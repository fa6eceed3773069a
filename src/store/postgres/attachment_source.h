#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include "core/byte_source.h"
#include "store/postgres/connection.h"

namespace embargo::store::postgres {

// A stored file read a piece at a time, for a download: each piece is one substring() of the
// bytea (stored uncompressed outside the row, so PostgreSQL reads only that piece's chunks) on a
// connection of the source's own, opened at the first piece. Attachments are never changed or
// deleted once stored; a row that no longer has the file's size fails the read.
class AttachmentSource : public ByteSource {
 public:
  AttachmentSource(std::string url, std::int64_t rowid, std::uint64_t size);

  std::uint64_t size() const override { return size_; }
  std::size_t read_at(std::uint64_t offset, char* out, std::size_t size) const override;

 private:
  std::string url_;
  std::int64_t rowid_;
  std::uint64_t size_;
  mutable std::mutex mutex_;  // a source is read by one answer, but never twice at once
  mutable std::unique_ptr<Connection> db_;
};

}  // namespace embargo::store::postgres
