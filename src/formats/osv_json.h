// An advisory's published revision as an OSV record (OSV schema 1.6,
// ossf.github.io/osv-schema): what vulnerability databases and scanners (osv.dev, osv-scanner,
// Dependabot) read.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "core/advisory.h"

namespace embargo::formats {

// The OSV id of an advisory: OSV reserves the "x_" prefix for databases it does not aggregate,
// so "PYSPECTOR-SA-2026-0001" is "x_PYSPECTOR-SA-2026-0001".
std::string osv_id(std::string_view advisory_id);

// The record of one revision; `advisory_url` (the public HTML page) is listed first among the
// references, as type ADVISORY. Ranges become SEMVER events for a SemVer program and ECOSYSTEM
// events otherwise; the CWE ids go in database_specific.cwe_ids as GitHub's records carry them.
boost::json::object osv_record(const PublishedAdvisory& advisory, std::string_view advisory_url);

}  // namespace embargo::formats
