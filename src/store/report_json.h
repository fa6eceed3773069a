#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/report.h"

namespace embargo::store {

// The JSON a store keeps for what no query filters on: the submitted fields by their policy
// names ({"title": "...", "description": "..."}).
std::string fields_to_json(const std::map<ReportField, std::string>& fields);
std::map<ReportField, std::string> fields_from_json(const std::string& json);

// Lists of text (versions, labels) as JSON arrays of strings.
std::string strings_to_json(const std::vector<std::string>& values);
std::vector<std::string> strings_from_json(const std::string& json);

// The attachments' metadata that reports kept before their files' bytes were stored
// (0002_thread.sql): read back so those reports still list their files, never written.
std::vector<AttachmentInfo> attachments_from_json(const std::string& json);

}  // namespace embargo::store
