// libFuzzer target: any bytes given to the policy loader end in a policy or in errors with
// positions, never in a crash, a hang or an exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  embargo::PolicyLoad load = embargo::load_policy(text, "fuzz.toml");
  if (load.policy.has_value() == !load.errors.empty()) __builtin_trap();
  for (const auto& e : load.errors) {
    if (e.message.empty() || e.line < 0 || e.column < 0) __builtin_trap();
  }
  return 0;
}
