// libFuzzer target: the version parsers of every scheme and the range expressions. A version
// that parses must print to canonical text that parses to an equal version; a refusal must say
// why.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "scoring/range_expression.h"
#include "scoring/version.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  using embargo::scoring::VersionScheme;
  for (VersionScheme scheme :
       {VersionScheme::semver, VersionScheme::pep440, VersionScheme::dotted}) {
    std::string error;
    if (auto version = embargo::scoring::parse_version(scheme, text, &error)) {
      std::string again_error;
      auto again = embargo::scoring::parse_version(scheme, embargo::scoring::to_string(*version),
                                                   &again_error);
      if (!again || embargo::scoring::compare(*again, *version) != 0) __builtin_trap();
      if (embargo::scoring::compare(*version, *version) != 0) __builtin_trap();
    } else if (error.empty()) {
      __builtin_trap();
    }
    error.clear();
    if (!embargo::scoring::parse_range_expression(scheme, text, &error) && error.empty()) {
      __builtin_trap();
    }
  }
  return 0;
}
