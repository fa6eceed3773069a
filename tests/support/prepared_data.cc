#include "prepared_data.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <system_error>

namespace embargo::testing {
namespace fs = std::filesystem;
namespace {

// FNV-1a: a short, stable name for the inputs a directory was made from.
void mix(std::uint64_t& hash, const std::string& text) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  hash ^= 0xff;
  hash *= 1099511628211ULL;
}

// What identifies a binary's current build well enough for a cache in the build tree.
std::string build_stamp(const fs::path& file) {
  std::error_code ec;
  auto size = fs::file_size(file, ec);
  auto time = fs::last_write_time(file, ec);
  if (ec) return file.string() + ":missing";
  return file.string() + ":" + std::to_string(size) + ":" +
         std::to_string(time.time_since_epoch().count());
}

// The directory name: the suite's name (made safe) and the hash of everything it depends on:
// both binaries, the inputs' contents (tests write some policies afresh in each process), and
// the day, since prepared reports carry the day they were filed.
std::string entry_name(const std::string& name, const std::vector<fs::path>& inputs) {
  std::uint64_t hash = 14695981039346656037ULL;
  mix(hash, name);
  mix(hash, build_stamp(EMBARGO_BINARY));
  mix(hash, build_stamp(fs::read_symlink("/proc/self/exe")));
  for (const auto& input : inputs) {
    std::ifstream in(input, std::ios::binary);
    mix(hash, std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
  }
  auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  mix(hash, std::to_string(today.time_since_epoch().count()));
  std::string safe;
  for (char c : name) safe += std::isalnum(static_cast<unsigned char>(c)) ? c : '-';
  return safe + "-" + std::to_string(hash);
}

// An exclusive flock on a file, released when the object goes.
class FileLock {
 public:
  explicit FileLock(const fs::path& path) : fd_(::open(path.c_str(), O_RDWR | O_CREAT, 0600)) {
    if (fd_ < 0 || ::flock(fd_, LOCK_EX) != 0) {
      throw std::runtime_error("cannot lock " + path.string());
    }
  }
  ~FileLock() { ::close(fd_); }
  FileLock(const FileLock&) = delete;
  FileLock& operator=(const FileLock&) = delete;

 private:
  int fd_;
};

}  // namespace

fs::path prepared_directory(const std::string& name, const std::vector<fs::path>& inputs,
                            const std::function<bool(const fs::path& directory)>& make,
                            bool* made_here) {
  *made_here = false;
  const fs::path root = EMBARGO_PREPARED_DIR;
  fs::create_directories(root);
  const std::string entry = entry_name(name, inputs);
  const fs::path kept = root / entry;
  FileLock lock(root / (entry + ".lock"));
  if (fs::exists(kept)) return kept;

  // Directories kept for this name from earlier builds are out of date now.
  std::string prefix = entry.substr(0, entry.rfind('-') + 1);
  for (const auto& old : fs::directory_iterator(root)) {
    std::string old_name = old.path().filename().string();
    if (old_name.rfind(prefix, 0) == 0 && old_name != entry && old_name != entry + ".lock" &&
        old_name.find_first_not_of("0123456789", prefix.size()) == std::string::npos) {
      fs::remove_all(old.path());
    }
  }
  const fs::path partial = root / (entry + ".partial");
  fs::remove_all(partial);
  fs::create_directories(partial);
  *made_here = true;
  if (!make(partial)) {
    fs::remove_all(partial);
    return {};
  }
  fs::rename(partial, kept);
  return kept;
}

void copy_data_directory(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  for (auto it = fs::recursive_directory_iterator(from); it != fs::recursive_directory_iterator();
       ++it) {
    const fs::path target = to / fs::relative(it->path(), from);
    if (it->is_directory()) {
      fs::create_directories(target);
      fs::permissions(target, fs::status(it->path()).permissions());
    } else if (it->is_regular_file()) {
      fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing);
      fs::permissions(target, fs::status(it->path()).permissions());
    }
  }
  fs::permissions(to, fs::status(from).permissions());
}

}  // namespace embargo::testing
