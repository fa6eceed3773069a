// libFuzzer target: durations and byte sizes, the two value parsers of policy files. A value
// that parses must print back to text that parses to the same value.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/duration.h"
#include "core/size.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  std::string error;
  if (auto d = embargo::parse_duration(text, &error)) {
    if (d->amount < 0) __builtin_trap();
    std::string again_error;
    auto again = embargo::parse_duration(embargo::format_duration(*d), &again_error);
    if (!again || embargo::approximate_hours(*again) != embargo::approximate_hours(*d)) {
      __builtin_trap();
    }
  } else if (error.empty()) {
    __builtin_trap();
  }
  error.clear();
  if (!embargo::parse_byte_size(text, &error) && error.empty()) __builtin_trap();
  return 0;
}
