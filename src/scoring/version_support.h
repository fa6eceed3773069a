// Whether a version a report names is one its program supports: the check a triager sees beside
// each affected version.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>

#include "scoring/range_expression.h"
#include "scoring/version.h"

namespace embargo::scoring {

// An entry of a report's affected or fixed versions: one version ("1.4.2") or a range
// expression (">= 1.2, < 1.4.3").
using VersionEntry = std::variant<Version, RangeExpression>;

// Reads an entry in `scheme`: a range expression when it starts with an operator, else one
// version. On failure returns nullopt and sets *error to what is wrong (and where).
std::optional<VersionEntry> parse_version_entry(VersionScheme scheme, std::string_view text,
                                                std::string* error);

// One row of a program's supported-versions table, in the policy's words: a version, a range
// expression, or words no machine can read ("latest", "maintained versions").
struct SupportRow {
  std::string_view range;
  bool supported = true;
};

// How a program treats pre-releases (alphas, betas, release candidates, dev releases).
enum class PrereleaseSupport { unstated, supported, best_effort, unsupported };

enum class VersionSupport {
  supported,
  best_effort,  // a pre-release the program looks at without promising a fix
  unsupported,
  unknown,  // a range, or a table that says it in words: a person must judge
};
std::string_view to_string(VersionSupport support);

// The first row of the table that contains the version decides (as SECURITY.md tables are read
// top down); a version no row contains is unsupported. When a row before the deciding one is in
// words, or the entry is a range or does not parse, the answer is unknown. A pre-release is
// never more supported than the program's pre-release rule says.
VersionSupport version_support(VersionScheme scheme, std::string_view entry,
                               std::span<const SupportRow> table, PrereleaseSupport prereleases);

}  // namespace embargo::scoring
