#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "core/report.h"

namespace embargo::formats {

// A report's thread as JSON. A file is named by the URL `files_url` + "/" + its number, and its
// number is the one its viewer downloads it by: the reporter's (ReporterFiles) in the tracking
// API, the store's id in the team's API. Number 0 (a file the store never received the bytes
// of) has a null url.

// {"id", "file_name", "media_type", "size", "sha256", "url"}, "id" being `number`.
boost::json::object file_json(const AttachmentInfo& file, std::int64_t number,
                              std::string_view files_url);
// {"at", "author": "reporter"|"team", "body", "attachments"}: what every viewer of a message
// sees; never the team member's name, and no message number.
boost::json::object message_json(const Message& message, boost::json::array files);
// The reporter's view of a message the reporter may see, its files by the reporter's numbers.
// No message number: the report's numbers count the internal notes too.
boost::json::object reporter_message_json(const Message& message, const ReporterFiles& numbers,
                                          std::string_view files_url);
// Every message the reporter may see (reporter_may_see), oldest first.
boost::json::array reporter_thread_json(const Report& report, std::string_view files_url);
// The submission's files, by the reporter's numbers.
boost::json::array reporter_submission_files_json(const Report& report, std::string_view files_url);

// Readers of the tracking API's request bodies, each a JSON object whose unknown keys are
// refused (Refusal naming the key).
// {"body": "..."}: a message by the reporter, the body not yet validated (validate_message).
NewMessage reporter_message_from_json(const boost::json::object& json);
// {"kind": "name"|"handle"|"anonymous", "text": "..."}: kind required, text optional; Refusal
// field "credit".
CreditChoice credit_choice_from_json(const boost::json::object& json);
// {"reason": "..."} or {}: why the reporter withdraws, possibly empty; Refusal field "reason".
std::string withdrawal_reason_from_json(const boost::json::object& json);

}  // namespace embargo::formats
