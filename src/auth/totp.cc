#include "auth/totp.h"

#include <liboath/oath.h>
#include <sodium.h>

#include <array>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cstdlib>
#include <limits>
#include <memory>
#include <stdexcept>

namespace embargo::auth {
namespace {

constexpr unsigned digits = 6;
constexpr unsigned step_seconds = 30;
constexpr std::size_t secret_bytes = 20;

// liboath must be initialised once before use; a function-local static makes that happen
// exactly once even when the first calls race on several threads.
void ensure_oath() {
  static const int initialised = oath_init();
  if (initialised != OATH_OK) {
    throw std::runtime_error(std::string("liboath failed to initialise: ") +
                             oath_strerror(initialised));
  }
}

void check(int rc, const char* what) {
  if (rc != OATH_OK) throw std::runtime_error(std::string(what) + ": " + oath_strerror(rc));
}

// The label and the issuer, percent-encoded; colons become spaces (see totp_uri).
std::string label_part(std::string_view text) {
  std::string plain(text);
  for (char& c : plain) {
    if (c == ':') c = ' ';
  }
  return boost::urls::encode(plain, boost::urls::unreserved_chars);
}

// liboath's comparison hook: compares the typed code with each candidate in constant time.
int compare_code(void* typed, const char* candidate) {
  return sodium_memcmp(typed, candidate, digits) == 0 ? 0 : 1;
}

}  // namespace

std::string new_totp_secret() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::string secret(secret_bytes, '\0');
  randombytes_buf(secret.data(), secret.size());
  return secret;
}

std::string totp_secret_base32(std::string_view secret) {
  ensure_oath();
  char* out = nullptr;
  std::size_t length = 0;
  check(oath_base32_encode(secret.data(), secret.size(), &out, &length), "base32 encoding");
  std::unique_ptr<char, decltype(&std::free)> owned(out, &std::free);
  std::string text(out, length);
  text.erase(text.find_last_not_of('=') + 1);
  return text;
}

std::string totp_uri(std::string_view secret, std::string_view account, std::string_view issuer) {
  std::string name = label_part(issuer.empty() ? std::string_view("Embargo") : issuer);
  return "otpauth://totp/" + name + ":" + label_part(account) +
         "?secret=" + totp_secret_base32(secret) + "&issuer=" + name +
         "&algorithm=SHA1&digits=6&period=30";
}

std::string totp_code(std::string_view secret, Time at) {
  ensure_oath();
  std::array<char, digits + 1> code{};
  check(oath_totp_generate(secret.data(), secret.size(), at.time_since_epoch().count(),
                           step_seconds, OATH_TOTP_DEFAULT_START_TIME, digits, code.data()),
        "TOTP generation");
  return code.data();
}

std::optional<std::int64_t> verify_totp(std::string_view secret, std::string_view code, Time now,
                                        int window) {
  std::string typed;
  for (char c : code) {
    if (c == ' ') continue;
    if (c < '0' || c > '9' || typed.size() == digits) return std::nullopt;
    typed += c;
  }
  if (typed.size() != digits || window < 0) return std::nullopt;
  ensure_oath();
  std::uint64_t step = 0;
  int rc = oath_totp_validate3_callback(
      secret.data(), secret.size(), now.time_since_epoch().count(), step_seconds,
      OATH_TOTP_DEFAULT_START_TIME, digits, static_cast<std::size_t>(window), nullptr, &step,
      compare_code, typed.data());
  if (rc == OATH_INVALID_OTP) return std::nullopt;
  if (rc < 0) throw std::runtime_error(std::string("TOTP validation: ") + oath_strerror(rc));
  if (step > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return std::nullopt;
  }
  return static_cast<std::int64_t>(step);
}

}  // namespace embargo::auth
