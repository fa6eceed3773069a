#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::auth {

// One-time codes that stand in for a lost authenticator. Each is 12 characters from a
// 31-character alphabet without look-alikes (no 0, 1, i, l, o: about 59 bits), shown in
// groups of four: "abcd-efgh-jkmn".
struct RecoveryCodes {
  std::vector<std::string> codes;   // to show the user once
  std::vector<std::string> hashes;  // hash_secret of each normalized code, for the store
};

RecoveryCodes new_recovery_codes(int count = 10);

// A code as the user typed it, lower-cased, without spaces and hyphens; nullopt when what is
// left is not 12 characters of the alphabet. The store looks codes up by hash_secret of this.
std::optional<std::string> normalize_recovery_code(std::string_view typed);

}  // namespace embargo::auth
