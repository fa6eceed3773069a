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

}  // namespace embargo::store
