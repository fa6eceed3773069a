#pragma once

#include <boost/json/object.hpp>

#include "core/policy.h"

namespace embargo::formats {

// The public face of a program as the API shows it: everything a reporter may read before and
// while reporting (scope, promised times, form, rewards, credit, disclosure, texts), in the
// words of the policy file. What only the server needs is left out: the report id prefix and
// the path of the PGP key file on the server's disk.
boost::json::object policy_to_json(const Policy& policy);

// A program's entry in the list of programs: who it is and how it takes reports.
boost::json::object program_summary_to_json(const Policy& policy);

}  // namespace embargo::formats
