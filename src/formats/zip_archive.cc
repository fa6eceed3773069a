#include "formats/zip_archive.h"

#include <zip.h>

#include <chrono>
#include <memory>
#include <stdexcept>

namespace embargo::formats {
namespace {

// What libzip says went wrong with `what`; `owned` errors are ours to release.
[[noreturn]] void fail(const std::string& what, zip_error_t* error, bool owned = false) {
  std::string message = "zip archive: " + what + ": " + zip_error_strerror(error);
  if (owned) zip_error_fini(error);
  throw std::runtime_error(message);
}

// Gives up on an archive that is still open: what libzip says went wrong, then the archive
// discarded.
[[noreturn]] void fail_archive(zip_t* archive, const std::string& what) {
  std::string message = "zip archive: " + what + ": " + zip_strerror(archive);
  zip_discard(archive);
  throw std::runtime_error(message);
}

// The bytes a buffer source holds once the archive written to it is closed.
std::string source_bytes(zip_source_t* source) {
  zip_stat_t stat;
  if (zip_source_open(source) < 0) fail("open", zip_source_error(source));
  zip_stat_init(&stat);
  if (zip_source_stat(source, &stat) < 0) {
    zip_source_close(source);
    fail("stat", zip_source_error(source));
  }
  std::string bytes(stat.size, '\0');
  zip_int64_t read = zip_source_read(source, bytes.data(), stat.size);
  zip_source_close(source);
  if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
    fail("read", zip_source_error(source));
  }
  return bytes;
}

}  // namespace

std::string zip_archive(std::span<const ArchiveFile> files) {
  // libzip writes nothing for an archive without members; an empty zip file is its end of
  // central directory record alone (APPNOTE.TXT 4.3.16): the signature and 18 zero bytes.
  if (files.empty()) return std::string("PK\x05\x06", 4) + std::string(18, '\0');
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) fail("buffer", &error, true);
  // The archive closes into the buffer, which must outlive it to be read.
  zip_source_keep(buffer);
  std::unique_ptr<zip_source_t, decltype(&zip_source_free)> kept(buffer, zip_source_free);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(buffer);  // the reference an opened archive would have taken over
    fail("open", &error, true);
  }
  for (const auto& file : files) {
    zip_source_t* member = zip_source_buffer(archive, file.bytes.data(), file.bytes.size(), 0);
    zip_int64_t index =
        member == nullptr ? -1 : zip_file_add(archive, file.name.c_str(), member, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      if (member != nullptr) zip_source_free(member);
      fail_archive(archive, "add " + file.name);
    }
    auto seconds =
        std::chrono::duration_cast<std::chrono::seconds>(file.modified.time_since_epoch());
    if (zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index),
                           static_cast<time_t>(seconds.count()), 0) < 0 ||
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_DEFLATE, 9) <
            0) {
      fail_archive(archive, "set " + file.name);
    }
  }
  if (zip_close(archive) < 0) fail_archive(archive, "close");
  return source_bytes(buffer);
}

}  // namespace embargo::formats
