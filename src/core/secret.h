#pragma once

#include <string>
#include <string_view>

namespace embargo {

// A bearer secret (tracking link, API token, session): 256 bits from libsodium's CSPRNG,
// written as unpadded base64url (43 characters).
std::string new_secret();

// Whether `text` has the shape new_secret() gives (43 characters of base64url): anything else
// offered as a secret is refused without being looked up.
bool is_secret(std::string_view text);

// What the store keeps instead of a secret: BLAKE2b-256 of it, hex. Lookups go by this hash,
// so the secret itself never reaches the database or its backups.
std::string hash_secret(std::string_view secret);

// Constant-time equality, for comparing secrets or their hashes.
bool secrets_equal(std::string_view a, std::string_view b);

}  // namespace embargo
