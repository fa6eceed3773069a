#include "formats/cwe_json.h"

#include <string>

namespace embargo::formats {

boost::json::object cwe_entry_to_json(const scoring::CweEntry& entry) {
  return {{"id", "CWE-" + std::to_string(entry.id)},
          {"name", entry.name},
          {"kind", scoring::to_string(entry.kind)},
          {"abstraction", scoring::to_string(entry.abstraction)},
          {"status", scoring::to_string(entry.status)},
          {"mapping_usage", scoring::to_string(entry.mapping_usage)},
          {"in_view_1003", entry.in_view_1003}};
}

}  // namespace embargo::formats
