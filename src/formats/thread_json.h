#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "core/report.h"

namespace embargo::formats {

// The reporter's side of a report's thread as the tracking API shows and reads it. Files are
// named by a URL made of `files_url` + "/" + id; a file the store never received the bytes of
// (id 0, from before files were stored) has a null url.

// {"id", "file_name", "media_type", "size", "sha256", "url"}
boost::json::object reporter_file_json(const AttachmentInfo& file, std::string_view files_url);
// {"at", "author": "reporter"|"team", "body", "attachments"}: never the team member's name, and no
// message number (the report's numbers count the internal notes too).
boost::json::object reporter_message_json(const Message& message, std::string_view files_url);
// Every message the reporter may see (reporter_may_see), oldest first.
boost::json::array reporter_thread_json(const Report& report, std::string_view files_url);

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
