#include "auth/recovery_codes.h"

#include <sodium.h>

#include <cstdint>
#include <stdexcept>

#include "core/secret.h"

namespace embargo::auth {
namespace {

constexpr std::string_view alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
constexpr std::size_t code_length = 12;
constexpr std::size_t group_length = 4;

std::string new_code() {
  std::string code;
  for (std::size_t i = 0; i < code_length; ++i) {
    if (i > 0 && i % group_length == 0) code += '-';
    code += alphabet[randombytes_uniform(static_cast<std::uint32_t>(alphabet.size()))];
  }
  return code;
}

}  // namespace

RecoveryCodes new_recovery_codes(int count) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  RecoveryCodes result;
  for (int i = 0; i < count; ++i) {
    std::string code = new_code();
    result.hashes.push_back(hash_secret(*normalize_recovery_code(code)));
    result.codes.push_back(std::move(code));
  }
  return result;
}

std::optional<std::string> normalize_recovery_code(std::string_view typed) {
  std::string code;
  for (char c : typed) {
    if (c == ' ' || c == '-') continue;
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (alphabet.find(c) == std::string_view::npos || code.size() == code_length) {
      return std::nullopt;
    }
    code += c;
  }
  if (code.size() != code_length) return std::nullopt;
  return code;
}

}  // namespace embargo::auth
