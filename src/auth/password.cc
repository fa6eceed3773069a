#include "auth/password.h"

#include <sodium.h>

#include <stdexcept>

#include "core/error.h"

namespace embargo::auth {
namespace {

void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    throw std::runtime_error("out of memory while hashing a password");
  }
  return out;
}

bool verify_password(std::string_view password, const std::string& hash) {
  ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string generate_password() {
  ensure_sodium();
  static constexpr std::string_view alphabet =
      "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  std::string password;
  for (int i = 0; i < 20; ++i) {
    password += alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
  }
  return password;
}

void check_password_strength(std::string_view password) {
  if (password.size() < 12) throw invalid("password", "password: at least 12 characters");
  if (password.size() > 1024) throw invalid("password", "password: at most 1024 bytes");
}

}  // namespace embargo::auth
