#pragma once

#include <sodium.h>

#include <array>
#include <filesystem>
#include <string>
#include <string_view>

namespace embargo::auth {

// Where a data directory keeps its instance key: <data>/instance.key.
inline constexpr std::string_view instance_key_file = "instance.key";

// Seals small secrets the server must read back (the TOTP secrets) so that the database and its
// backups hold them only encrypted: XSalsa20-Poly1305 (crypto_secretbox_easy) under the
// instance key, a file of 32 random bytes beside the database. Without that file the sealed
// secrets cannot be opened, so backups of the data directory must include it.
class SecretBox {
 public:
  // Reads the key file, or creates it (mode 0600, 32 random bytes) when it does not exist.
  // Throws std::runtime_error naming the file when it is not a regular file of 32 bytes, or
  // when its group or others may access it.
  static SecretBox from_key_file(const std::filesystem::path& path);

  // Writes this key to a new file at `path` (mode 0600, synced, atomically), e.g. beside a
  // backup of the database; never replaces a file: Refusal conflict "destination" when `path`
  // exists.
  void write_key_file(const std::filesystem::path& path) const;

  SecretBox(const SecretBox&) = delete;
  SecretBox& operator=(const SecretBox&) = delete;
  SecretBox(SecretBox&& other) noexcept;
  SecretBox& operator=(SecretBox&&) = delete;
  ~SecretBox();

  // Unpadded base64url of a fresh random nonce followed by the ciphertext.
  std::string seal(std::string_view plaintext) const;
  // Throws std::runtime_error when `sealed` is not base64url of a nonce and ciphertext, or does
  // not authenticate under this key (tampered with, or sealed by another instance).
  std::string open(std::string_view sealed) const;

  // A keyed tag of `text`: HMAC-SHA-256 under a key derived from the instance key for `purpose`,
  // its first 80 bits in lower-case hex. What makes a per-report reply address unforgeable
  // without storing a secret per report.
  std::string tag(std::string_view purpose, std::string_view text) const;

 private:
  SecretBox() = default;

  std::array<unsigned char, crypto_secretbox_KEYBYTES> key_{};
};

}  // namespace embargo::auth
