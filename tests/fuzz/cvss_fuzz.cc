// libFuzzer target: CVSS vectors of every version through the one entry point the CLI and the
// API use. A refusal must say what and where (inside the text); an accepted vector must be made
// of the grammar's characters only, score in 0.0-10.0, and its normalised form must be accepted
// again, in order, with the same scores.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <variant>

#include "scoring/cvss.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto result = embargo::scoring::assess_cvss(text);
  if (const auto* error = std::get_if<embargo::scoring::CvssError>(&result)) {
    if (error->message.empty() || error->position > text.size()) __builtin_trap();
    return 0;
  }
  // Only the characters of a vector's grammar can make it valid (no NUL, space or control byte
  // slipping past the metric lookup).
  for (char c : text) {
    bool grammar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                   c == ':' || c == '.' || c == '/';
    if (!grammar) __builtin_trap();
  }
  const auto& first = std::get<embargo::scoring::CvssAssessment>(result);
  if (first.score_tenths < 0 || first.score_tenths > 100) __builtin_trap();
  if (first.base_tenths < 0 || first.base_tenths > 100) __builtin_trap();
  auto again = embargo::scoring::assess_cvss(first.normalized);
  const auto* second = std::get_if<embargo::scoring::CvssAssessment>(&again);
  if (second == nullptr || second->score_tenths != first.score_tenths ||
      second->base_tenths != first.base_tenths || second->normalized != first.normalized ||
      second->nomenclature != first.nomenclature || !second->warnings.empty()) {
    __builtin_trap();
  }
  return 0;
}
