// An advisory as its team sees it, in JSON: what `embargo advisory show --json` prints and the
// team API answers (docs/api.md): the draft, the state and instants, every change of the
// embargo instant, and each reporter's credit line with whether it will be published.
#pragma once

#include <boost/json/object.hpp>

#include "core/advisory.h"

namespace embargo::formats {

boost::json::object team_advisory_json(const Advisory& advisory);

}  // namespace embargo::formats
