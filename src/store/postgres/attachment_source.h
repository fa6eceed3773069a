#pragma once

#include <cstdint>
#include <memory>

#include "core/byte_source.h"
#include "store/sql/reader_pool.h"

namespace embargo::store::postgres {

// A stored file read a piece at a time, for a download: each piece is one substring() of the
// bytea (stored uncompressed outside the row, so PostgreSQL reads only that piece's chunks) on a
// connection borrowed from `connections` for that piece only, so that a download whose client
// reads slowly holds no connection between pieces. Attachments are never changed or deleted once
// stored; a row that no longer has the file's size fails the read.
class AttachmentSource : public ByteSource {
 public:
  AttachmentSource(std::shared_ptr<sql::ReaderPool> connections, std::int64_t rowid,
                   std::uint64_t size);

  std::uint64_t size() const override { return size_; }
  std::size_t read_at(std::uint64_t offset, char* out, std::size_t size) const override;

 private:
  std::shared_ptr<sql::ReaderPool> connections_;
  std::int64_t rowid_;
  std::uint64_t size_;
};

}  // namespace embargo::store::postgres
