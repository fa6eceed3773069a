#pragma once

#include <boost/json/value.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "core/audit.h"
#include "core/report.h"
#include "core/sla.h"

namespace embargo::formats {

// The JSON shapes of a report shared by the CLI's --json output and the API, so that both
// always describe a report in the same words.
boost::json::object report_to_json(const Report& report);
boost::json::object clock_to_json(const Clock& clock);
boost::json::array clocks_to_json(const std::vector<Clock>& clocks);
boost::json::object audit_event_to_json(const AuditEvent& event);

// Reads a submission from the API's JSON body: an object whose keys are report field names
// ("title", "description", ...) with string values, plus optional "credit"
// ({"kind": "name"|"handle"|"anonymous", "text": ...}) and "consent" (bool). The channel is not
// the client's to say: the caller sets it.
// Throws Refusal naming the key at fault, or, for malformed JSON, the line and column.
Submission submission_from_json(std::string_view json, const std::string& program);
// The same, from an object already parsed (the JSON part of a multipart/form-data body).
Submission submission_from_json(const boost::json::object& object, const std::string& program);

}  // namespace embargo::formats
