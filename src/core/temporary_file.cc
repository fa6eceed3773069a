#include "core/temporary_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <string>
#include <system_error>
#include <utility>

namespace embargo {
namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::system_error(errno, std::generic_category(), what);
}

// A filesystem without O_TMPFILE (rare on Linux) gets a named file that is unlinked at once:
// the same result, with a name visible for an instant to this user alone.
int open_unnamed(const std::string& directory) {
  int fd = ::open(directory.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd >= 0 || (errno != EOPNOTSUPP && errno != EISDIR)) return fd;
  std::string name = directory + "/embargo-spool-XXXXXX";
  fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd >= 0) ::unlink(name.c_str());
  return fd;
}

}  // namespace

TemporaryFile::TemporaryFile(std::string directory)
    : directory_(std::move(directory)), fd_(open_unnamed(directory_)) {
  if (fd_ < 0) fail("cannot create a temporary file in " + directory_);
}

TemporaryFile::~TemporaryFile() { ::close(fd_); }

void TemporaryFile::append(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t wrote = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(size_));
    if (wrote < 0) {
      if (errno == EINTR) continue;
      fail("cannot write a temporary file in " + directory_);
    }
    size_ += static_cast<std::uint64_t>(wrote);
    bytes.remove_prefix(static_cast<std::size_t>(wrote));
  }
}

std::size_t TemporaryFile::read_at(std::uint64_t offset, char* out, std::size_t size) const {
  for (;;) {
    ssize_t got = ::pread(fd_, out, size, static_cast<off_t>(offset));
    if (got >= 0) return static_cast<std::size_t>(got);
    if (errno != EINTR) fail("cannot read a temporary file in " + directory_);
  }
}

}  // namespace embargo
