#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/error.h"
#include "core/secret.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace {

std::runtime_error system_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

void fsync_path(const std::filesystem::path& path, int flags) {
  int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) throw system_error("cannot open " + path.string());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) throw system_error("cannot flush " + path.string() + " to disk");
}

}  // namespace

void SqlStore::backup(const std::filesystem::path& destination) {
  std::filesystem::path directory = std::filesystem::absolute(destination).parent_path();
  if (!std::filesystem::is_directory(directory)) {
    throw not_found("destination", "directory " + directory.string() + " does not exist");
  }
  if (std::filesystem::exists(destination)) {
    throw conflict("destination", destination.string() + " already exists; choose a new name");
  }
  // Written beside the destination under a name no one else uses, then renamed into place, so
  // that the destination is either absent or a complete copy.
  std::filesystem::path partial = destination;
  partial += ".partial-" + new_secret().substr(0, 12);
  try {
    {
      auto db = readers_->borrow();
      engine_->copy_database(*db, partial);
    }
    fsync_path(partial, O_RDONLY);
    if (::renameat2(AT_FDCWD, partial.c_str(), AT_FDCWD, destination.c_str(), RENAME_NOREPLACE) !=
        0) {
      if (errno == EEXIST) {
        throw conflict("destination", destination.string() + " already exists; choose a new name");
      }
      throw system_error("cannot rename " + partial.string() + " to " + destination.string());
    }
    fsync_path(directory, O_RDONLY | O_DIRECTORY);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(partial, ignored);
    throw;
  }
}

}  // namespace embargo::store::sql
