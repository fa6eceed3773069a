#include "auth/secret_box.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "core/error.h"

namespace embargo::auth {
namespace {

// Closes a file descriptor on every path out of a function.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::runtime_error key_error(const std::filesystem::path& path, const std::string& problem) {
  return std::runtime_error("instance key " + path.string() + ": " + problem);
}

std::runtime_error system_error(const std::filesystem::path& path, const std::string& doing) {
  return key_error(path, doing + ": " + std::strerror(errno));
}

void write_all(int fd, const unsigned char* data, std::size_t size,
               const std::filesystem::path& path) {
  while (size > 0) {
    ssize_t written = ::write(fd, data, size);
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) throw system_error(path, "cannot write");
    data += written;
    size -= static_cast<std::size_t>(written);
  }
}

// Writes `key` to a temporary file (mode 0600, synced) and links it in under `path`, so a reader
// never sees a half-written key and an existing file is never replaced (replacing a key would
// make every sealed secret unreadable). False, with nothing written, when `path` exists.
bool link_new_key_file(const std::filesystem::path& path, const unsigned char* key) {
  std::string temporary = path.string() + ".XXXXXX";
  FileDescriptor fd(::mkstemp(temporary.data()));
  if (fd.get() < 0) throw system_error(path, "cannot create");
  bool linked = false;
  try {
    if (::fchmod(fd.get(), 0600) != 0) throw system_error(path, "cannot set mode 0600");
    write_all(fd.get(), key, crypto_secretbox_KEYBYTES, path);
    if (::fsync(fd.get()) != 0) throw system_error(path, "cannot sync");
    linked = ::link(temporary.c_str(), path.c_str()) == 0;
    if (!linked && errno != EEXIST) throw system_error(path, "cannot create");
  } catch (...) {
    ::unlink(temporary.c_str());
    throw;
  }
  ::unlink(temporary.c_str());
  if (!linked) return false;
  FileDescriptor directory(::open(path.parent_path().empty() ? "." : path.parent_path().c_str(),
                                  O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (directory.get() < 0 || ::fsync(directory.get()) != 0) {
    throw system_error(path, "cannot sync its directory");
  }
  return true;
}

// A new random key at `path`; when another process created the key first, its key wins.
void create_key_file(const std::filesystem::path& path) {
  std::array<unsigned char, crypto_secretbox_KEYBYTES> key{};
  crypto_secretbox_keygen(key.data());
  try {
    link_new_key_file(path, key.data());
  } catch (...) {
    sodium_memzero(key.data(), key.size());
    throw;
  }
  sodium_memzero(key.data(), key.size());
}

}  // namespace

SecretBox SecretBox::from_key_file(const std::filesystem::path& path) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  int opened = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (opened < 0 && errno == ENOENT) {
    create_key_file(path);
    opened = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  }
  FileDescriptor fd(opened);
  if (fd.get() < 0) throw system_error(path, "cannot open");
  struct stat info {};
  if (::fstat(fd.get(), &info) != 0) throw system_error(path, "cannot read its status");
  if (!S_ISREG(info.st_mode)) throw key_error(path, "not a regular file");
  if ((info.st_mode & 077) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(info.st_mode & 07777));
    throw key_error(path, std::string("mode ") + mode +
                              " lets group or others read it; it must be 0600 (chmod 600)");
  }
  if (info.st_size != crypto_secretbox_KEYBYTES) {
    throw key_error(path, std::to_string(info.st_size) + " bytes, a key is " +
                              std::to_string(crypto_secretbox_KEYBYTES));
  }
  SecretBox box;
  std::size_t got = 0;
  while (got < box.key_.size()) {
    ssize_t n = ::read(fd.get(), box.key_.data() + got, box.key_.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw system_error(path, "cannot read");
    if (n == 0) throw key_error(path, "shorter than its size said");
    got += static_cast<std::size_t>(n);
  }
  return box;
}

void SecretBox::write_key_file(const std::filesystem::path& path) const {
  if (!link_new_key_file(path, key_.data())) {
    throw conflict("destination", path.string() + " already exists; choose a new name");
  }
}

SecretBox::SecretBox(SecretBox&& other) noexcept : key_(other.key_) {
  sodium_memzero(other.key_.data(), other.key_.size());
}

SecretBox::~SecretBox() { sodium_memzero(key_.data(), key_.size()); }

std::string SecretBox::seal(std::string_view plaintext) const {
  std::vector<unsigned char> sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                    plaintext.size());
  randombytes_buf(sealed.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(sealed.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        sealed.data(), key_.data());
  std::string text(
      sodium_base64_ENCODED_LEN(sealed.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(text.data(), text.size(), sealed.data(), sealed.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  text.resize(text.find('\0'));
  return text;
}

std::string SecretBox::tag(std::string_view purpose, std::string_view text) const {
  std::array<unsigned char, crypto_auth_hmacsha256_KEYBYTES> subkey{};
  crypto_generichash(subkey.data(), subkey.size(),
                     reinterpret_cast<const unsigned char*>(purpose.data()), purpose.size(),
                     key_.data(), key_.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(text.data()),
                         text.size(), subkey.data());
  sodium_memzero(subkey.data(), subkey.size());
  constexpr std::size_t kTagBytes = 10;
  std::array<char, kTagBytes * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), kTagBytes);
  return {hex.data(), kTagBytes * 2};
}

std::string SecretBox::open(std::string_view sealed) const {
  if (sealed.empty()) throw std::runtime_error("sealed secret: too short to be sealed");
  std::vector<unsigned char> bytes(sealed.size());
  std::size_t length = 0;
  const char* end = nullptr;
  if (sodium_base642bin(bytes.data(), bytes.size(), sealed.data(), sealed.size(), nullptr, &length,
                        &end, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != sealed.data() + sealed.size()) {
    throw std::runtime_error("sealed secret: not base64url");
  }
  if (length < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    throw std::runtime_error("sealed secret: too short to be sealed");
  }
  std::string plaintext(length - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  if (crypto_secretbox_open_easy(reinterpret_cast<unsigned char*>(plaintext.data()),
                                 bytes.data() + crypto_secretbox_NONCEBYTES,
                                 length - crypto_secretbox_NONCEBYTES, bytes.data(),
                                 key_.data()) != 0) {
    throw std::runtime_error(
        "sealed secret: does not open under this instance's key (tampered with, or sealed by "
        "another instance)");
  }
  return plaintext;
}

}  // namespace embargo::auth
