// The work on a report's fix in JSON (docs/api.md): the expected fix date with every move, and
// the verification requests with their answers, as the team's and the reporter's APIs show
// them; and the bodies that set the date, ask for a verification and answer it. Readers refuse
// unknown keys and values of the wrong type, naming the key (Refusal).
#pragma once

#include <boost/json/object.hpp>
#include <string>

#include "core/report.h"

namespace embargo::formats {

// {"expected_fix": {"fix_on", "evaluation", "at"} or null, "expected_fix_moves": [{"at", "from",
//  "to", "reason"}], "verifications": [{"fixed_in", "asked_at", "answered_at", "fixed",
//  "because"}]}
boost::json::object fix_work_json(const Report& report);

// {"fix_on": "2026-12-20", "evaluation": "...", "reason": "..."}
ExpectedFix expected_fix_from_json(const boost::json::object& json);

// {"fixed_in": "0.1.4", "body": "..."}
struct VerificationRequestBody {
  std::string fixed_in;
  std::string body;
};
VerificationRequestBody verification_request_from_json(const boost::json::object& json);

// {"fixed": true} or {"fixed": false, "because": "..."}
struct VerificationAnswerBody {
  bool fixed = false;
  std::string because;
};
VerificationAnswerBody verification_answer_from_json(const boost::json::object& json);

}  // namespace embargo::formats
