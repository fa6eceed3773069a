#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/report.h"
#include "store/advisories.h"
#include "store/sql/connection.h"
#include "store/sql/policy_cache.h"

namespace embargo::store::sql {

// Reading an advisory's rows in the caller's transaction, for the reads and the writes alike.

std::optional<std::int64_t> advisory_key(Connection& db, const std::string& public_id);

// The advisory's reports, in the order the team gave them.
std::vector<Report> advisory_reports(Connection& db, std::int64_t key);

// The advisory with its reports' ids, schedule changes, the reporters' credits under the
// program's rules and answers, and whether its draft differs from the latest revision.
Advisory load_advisory(Connection& db, PolicyCache& policies, std::int64_t key);

// The advisories of the query's rows (one key per row, column 0), in row order.
std::vector<Advisory> load_advisories(Connection& db, PolicyCache& policies, Query& keys);

}  // namespace embargo::store::sql
