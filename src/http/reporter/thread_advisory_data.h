// What the reporter's thread shows of the advisories made from their report: the state of each,
// the embargo instant with every change of it, where it is published, and the exact credit line
// the advisory would carry for them, with the answers they can give (docs/advisories.md).
#pragma once

#include <string>
#include <vector>

#include "core/advisory.h"
#include "core/policy.h"
#include "http/site.h"
#include "http/templates.h"

namespace embargo::http {

// One entry per advisory naming `report_id`, newest first; empty when there is none. `base` is
// the thread's path (forms post to base + "/advisory-credit").
kainjow::mustache::list reporter_advisories(const std::string& report_id,
                                            const std::vector<Advisory>& advisories,
                                            const Policy& policy, const Site& site);

}  // namespace embargo::http
