#pragma once

#include <string>
#include <vector>

#include "core/audit.h"

namespace embargo::formats {

// The header record of the audit log's CSV export: seq,at,actor,action,program,report,details.
std::string audit_csv_header();

// One record per event, in the header's order: `at` as RFC 3339 UTC, `details` as the event's
// JSON text. A long log is written page by page after one header.
std::string audit_csv_records(const std::vector<AuditEvent>& events);

}  // namespace embargo::formats
