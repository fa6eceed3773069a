// The triage rules that need the scoring library (CVSS, CWE, version schemes) and the program's
// policy: what core cannot check because it depends on nothing of ours.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy.h"
#include "core/severity.h"
#include "core/triage.h"
#include "scoring/version.h"
#include "scoring/version_support.h"

namespace embargo::store {

// A CVSS vector as triage keeps it: normalised, with the severity its score rates.
struct ScoredVector {
  std::string normalized;
  std::optional<Severity> severity;  // none for a 0.0 score
};

// Scores a CVSS 4.0, 3.1 or 3.0 vector; throws Refusal (field "cvss_vector") for anything else,
// 2.0 included (triage scores with the versions programs publish today).
ScoredVector score_cvss_vector(std::string_view vector);

// The scoring library's checks of a triage update, `before` to `after`: a new CVSS vector is
// scored and normalised in `after`, a new CWE id must exist, version entries must parse in the
// program's scheme. Returns the rating of a new vector (see core's severity_after); throws
// Refusal naming the field.
std::optional<std::optional<Severity>> check_triage(const Triage& before, Triage& after,
                                                    const Policy& policy);

// Throws Refusal (field "cwe") unless the catalogue has the id.
void check_cwe_exists(int id);

// Throws Refusal naming `field` and the first entry that is neither a version nor a range
// expression of the program's scheme.
void check_version_entries(const std::string& field, const std::vector<std::string>& entries,
                           const Versions& versions);

// The scoring library's name for the program's scheme (generic is dotted numbers).
scoring::VersionScheme version_scheme(const Versions& versions);

// Whether the program supports this affected-versions entry, by its supported-versions table and
// its pre-release rule (scoring::version_support): what the report page shows beside it.
scoring::VersionSupport version_support(const Versions& versions, std::string_view entry);

}  // namespace embargo::store
