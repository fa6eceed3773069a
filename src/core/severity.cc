#include "core/severity.h"

namespace embargo {

std::string_view to_string(Severity s) {
  switch (s) {
    case Severity::low:
      return "low";
    case Severity::medium:
      return "medium";
    case Severity::high:
      return "high";
    case Severity::critical:
      return "critical";
  }
  return "low";
}

std::optional<Severity> parse_severity(std::string_view text) {
  for (Severity s : {Severity::low, Severity::medium, Severity::high, Severity::critical}) {
    if (text == to_string(s)) return s;
  }
  return std::nullopt;
}

}  // namespace embargo
