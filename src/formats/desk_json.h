// The JSON the desk's API reads and writes for the team: a report with everything the team may
// see (internal notes, the triage, the clocks), and the bodies of its writes. Readers refuse
// unknown keys and values of the wrong type, naming the key (Refusal).
#pragma once

#include <boost/json/object.hpp>
#include <string_view>
#include <vector>

#include "core/report.h"
#include "core/sla.h"
#include "core/triage.h"

namespace embargo::formats {

// report_to_json plus "triage", "messages" (every one, internal notes marked
// "visibility": "internal", files named by `files_url` + "/" + id) and "clocks".
boost::json::object team_report_json(const Report& report, const std::vector<Clock>& clocks,
                                     std::string_view files_url);

// PATCH body: any of "severity" (low|medium|high|critical|null), "cvss_vector" (string, "" or
// null clears), "cwe" (integer, "CWE-79" or null), "affected_versions", "fixed_versions",
// "labels" (arrays of strings), "handler", "backup_handler" (email, "" or null clears).
TriageUpdate triage_update_from_json(const boost::json::object& json);

// {"to": STATE, "reason": "...", "duplicate_of": "ID"}: a team transition (actor and time are
// the caller's to fill in).
Transition transition_from_json(const boost::json::object& json);

// {"body": "...", "visibility": "reporter"|"internal"}: a team message; visibility is required,
// so that nothing reaches a reporter by default.
NewMessage team_message_from_json(const boost::json::object& json);

}  // namespace embargo::formats
