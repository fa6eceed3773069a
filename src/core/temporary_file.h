#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/byte_source.h"

namespace embargo {

// A file without a name, in a directory the caller chooses (the data directory, beside the
// store): the place a large request body or upload waits on disk instead of in memory. It is
// readable by this process alone (mode 0600, O_TMPFILE: no name another process could open)
// and disappears when closed, including when the process is killed, so an unpublished proof of
// concept is never left behind in a temporary directory.
class TemporaryFile : public ByteSource {
 public:
  // Opens a new empty file in `directory`. Throws std::system_error naming the directory when
  // it cannot (missing, not writable, out of descriptors).
  explicit TemporaryFile(std::string directory);
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  ~TemporaryFile() override;

  // Adds `bytes` at the end. Throws std::system_error (ENOSPC when the disk is full).
  void append(std::string_view bytes);

  std::size_t read_at(std::uint64_t offset, char* out, std::size_t size) const override;
  std::uint64_t size() const override { return size_; }
  int descriptor() const { return fd_; }
  const std::string& directory() const { return directory_; }

 private:
  std::string directory_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace embargo
