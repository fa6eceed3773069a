#include <sodium.h>

#include <array>
#include <stdexcept>
#include <string>
#include <string_view>

#include "core/report.h"

namespace embargo {
namespace {

std::string sha256_hex(std::string_view bytes) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(bytes.data()),
                     bytes.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

}  // namespace

Upload describe_upload(std::string file_name, std::string media_type, std::string content) {
  Upload upload;
  upload.info.file_name = std::move(file_name);
  upload.info.media_type = std::move(media_type);
  upload.info.size = content.size();
  upload.info.sha256 = sha256_hex(content);
  upload.content = std::move(content);
  return upload;
}

bool describes(const AttachmentInfo& info, std::string_view content) {
  return info.size == content.size() && info.sha256 == sha256_hex(content);
}

}  // namespace embargo
