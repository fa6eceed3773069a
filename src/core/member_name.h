// The name a refusal gives a JSON member it does not know: its key, or `""` for the empty key,
// so that a refusal always names the field it is about (JSON allows "" as a key).
#pragma once

#include <string>
#include <string_view>

namespace embargo {

inline std::string member_name(std::string_view key) {
  return key.empty() ? std::string("\"\"") : std::string(key);
}

}  // namespace embargo
