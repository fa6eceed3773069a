#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/report.h"

namespace embargo::store {

// The JSON a store keeps for what no query filters on: the submitted fields by their policy
// names ({"title": "...", "description": "..."}) and the attachments' metadata.
std::string fields_to_json(const std::map<ReportField, std::string>& fields);
std::map<ReportField, std::string> fields_from_json(const std::string& json);

std::string attachments_to_json(const std::vector<AttachmentInfo>& attachments);
std::vector<AttachmentInfo> attachments_from_json(const std::string& json);

std::string_view to_string(CreditChoice::Kind kind);
// Throws std::runtime_error: stored values were written by to_string.
CreditChoice::Kind parse_credit_kind(std::string_view text);

}  // namespace embargo::store
