#pragma once

#include <string>
#include <string_view>

namespace embargo::auth {

// argon2id through libsodium's crypto_pwhash_str, at the "interactive" cost (in a build with the
// tests, the minimum cost under EMBARGO_TEST_WEAK_PASSWORD_HASHES=1): the string holds its own
// salt and parameters, so hashes made with other costs still verify.
std::string hash_password(std::string_view password);
bool verify_password(std::string_view password, const std::string& hash);

// A password for a new account, shown once: 20 characters from a 57-letter alphabet without
// look-alikes (about 116 bits).
std::string generate_password();

// Refuses passwords a team account must not have (shorter than 12, longer than 1024 bytes).
// Throws Refusal with field "password".
void check_password_strength(std::string_view password);

}  // namespace embargo::auth
