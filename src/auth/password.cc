#include "auth/password.h"

#include <sodium.h>

#include <cstdlib>
#include <stdexcept>
#include <string_view>

#include "core/error.h"

namespace embargo::auth {
namespace {

void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

// libsodium's argon2id cost for new hashes: "interactive" (64 MiB, 2 passes). A build with the
// tests (EMBARGO_TEST_HOOKS) also takes EMBARGO_TEST_WEAK_PASSWORD_HASHES=1, which the test suite
// sets, for the minimum cost: hashing at the interactive cost was most of what each of the
// suite's thousand sign-ins and new accounts cost. A build without the tests has no such switch.
struct HashCost {
  unsigned long long passes;
  std::size_t memory;
};
HashCost hash_cost() {
#ifdef EMBARGO_TEST_HOOKS
  const char* weak = std::getenv("EMBARGO_TEST_WEAK_PASSWORD_HASHES");
  if (weak != nullptr && std::string_view(weak) == "1") {
    return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
  }
#endif
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

}  // namespace

std::string hash_password(std::string_view password) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  const HashCost cost = hash_cost();
  if (crypto_pwhash_str(out, password.data(), password.size(), cost.passes, cost.memory) != 0) {
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
