#include "core/submission_key.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <stdexcept>
#include <vector>

#include "core/secret.h"

namespace embargo {
namespace {

// Subkeys of one submission key, by crypto_kdf: 1 finds the record, 2 seals the token.
constexpr char kContext[crypto_kdf_CONTEXTBYTES + 1] = "embsubmk";
constexpr std::uint64_t kLookup = 1;
constexpr std::uint64_t kSeal = 2;

using Key = std::array<unsigned char, crypto_secretbox_KEYBYTES>;

Key subkey(std::string_view key, std::uint64_t id) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::array<unsigned char, crypto_kdf_KEYBYTES> master{};
  crypto_generichash(master.data(), master.size(),
                     reinterpret_cast<const unsigned char*>(key.data()), key.size(), nullptr, 0);
  Key out{};
  crypto_kdf_derive_from_key(out.data(), out.size(), id, kContext, master.data());
  sodium_memzero(master.data(), master.size());
  return out;
}

std::string hex(const unsigned char* bytes, std::size_t size) {
  std::string text(size * 2 + 1, '\0');
  sodium_bin2hex(text.data(), text.size(), bytes, size);
  text.pop_back();
  return text;
}

}  // namespace

std::optional<std::string> submission_key_problem(std::string_view key) {
  if (key.size() < kShortestSubmissionKey || key.size() > kLongestSubmissionKey) {
    return "use " + std::to_string(kShortestSubmissionKey) + " to " +
           std::to_string(kLongestSubmissionKey) + " characters, e.g. a random UUID (got " +
           std::to_string(key.size()) + ")";
  }
  if (!std::all_of(key.begin(), key.end(), [](char c) { return c > ' ' && c < 0x7f; })) {
    return "use printable ASCII characters without spaces, e.g. a random UUID";
  }
  return std::nullopt;
}

std::string submission_key_digest(std::string_view key) {
  Key lookup = subkey(key, kLookup);
  std::string out = hex(lookup.data(), lookup.size());
  sodium_memzero(lookup.data(), lookup.size());
  return out;
}

std::string submission_body_digest(std::string_view body) { return hash_secret(body); }

std::string seal_tracking_token(std::string_view key, std::string_view token) {
  Key seal = subkey(key, kSeal);
  std::vector<unsigned char> box(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES +
                                 token.size());
  randombytes_buf(box.data(), crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(box.data() + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                        box.data(), seal.data());
  sodium_memzero(seal.data(), seal.size());
  std::string text(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                   '\0');
  sodium_bin2base64(text.data(), text.size(), box.data(), box.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  text.resize(text.find('\0'));
  return text;
}

std::optional<std::string> open_tracking_token(std::string_view key, std::string_view sealed) {
  std::vector<unsigned char> box(sealed.size());
  std::size_t size = 0;
  if (sodium_base642bin(box.data(), box.size(), sealed.data(), sealed.size(), nullptr, &size,
                        nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      size < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return std::nullopt;
  }
  Key seal = subkey(key, kSeal);
  std::string token(size - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES, '\0');
  int opened = crypto_secretbox_open_easy(
      reinterpret_cast<unsigned char*>(token.data()), box.data() + crypto_secretbox_NONCEBYTES,
      size - crypto_secretbox_NONCEBYTES, box.data(), seal.data());
  sodium_memzero(seal.data(), seal.size());
  if (opened != 0) return std::nullopt;
  return token;
}

}  // namespace embargo
