#include "formats/audit_csv.h"

#include "formats/csv.h"

namespace embargo::formats {

std::string audit_csv_header() {
  return csv_record({"seq", "at", "actor", "action", "program", "report", "details"});
}

std::string audit_csv_records(const std::vector<AuditEvent>& events) {
  std::string out;
  for (const auto& e : events) {
    out += csv_record({std::to_string(e.seq), format_time(e.at), e.actor, e.action, e.program,
                       e.report, e.details});
  }
  return out;
}

}  // namespace embargo::formats
