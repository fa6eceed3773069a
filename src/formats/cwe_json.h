#pragma once

#include <boost/json/object.hpp>

#include "scoring/cwe.h"

namespace embargo::formats {

// The JSON shape of a CWE catalogue entry, shared by `embargo cwe --json` and GET /api/v1/cwe so
// that a weakness is described in the same words everywhere:
// {"id":"CWE-79","name":...,"kind":...,"abstraction":...,"status":...,"mapping_usage":...,
//  "in_view_1003":true}.
boost::json::object cwe_entry_to_json(const scoring::CweEntry& entry);

}  // namespace embargo::formats
