#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>

#include "core/byte_source.h"
#include "store/sqlite/connection.h"

namespace embargo::store::sqlite {

// A stored file read a piece at a time, for a download: each piece is read in a short read
// transaction of its own (incremental blob I/O on a connection of its own, opened at the first
// piece), so a client taking minutes to download neither holds the file in memory nor keeps a
// snapshot that would stop the write-ahead log from being checkpointed. Attachments are never
// changed or deleted once stored; a row that no longer has the file's size fails the read.
class AttachmentSource : public ByteSource {
 public:
  AttachmentSource(std::filesystem::path database, std::int64_t rowid, std::uint64_t size);

  std::uint64_t size() const override { return size_; }
  std::size_t read_at(std::uint64_t offset, char* out, std::size_t size) const override;

 private:
  std::filesystem::path database_;
  std::int64_t rowid_;
  std::uint64_t size_;
  mutable std::mutex mutex_;  // a source is read by one answer, but never twice at once
  mutable std::unique_ptr<Connection> db_;
};

}  // namespace embargo::store::sqlite
