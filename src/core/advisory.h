#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace embargo {

// The life of an advisory: written (draft), read by a second member (in_review), given its
// public instant (scheduled), public (published; every later publication is an update with a
// new `modified`), or retracted (withdrawn, which stays public as withdrawn with its reason).
enum class AdvisoryState { draft, in_review, scheduled, published, withdrawn };

std::string_view to_string(AdvisoryState state);
std::optional<AdvisoryState> parse_advisory_state(std::string_view text);

// What a credited person did, as OSV 1.6 (`credits[].type`) and CVE JSON 5 (`credits[].type`)
// both name it.
enum class CreditRole {
  finder,
  reporter,
  analyst,
  coordinator,
  remediation_developer,
  remediation_reviewer,
  remediation_verifier,
  tool,
  sponsor,
  other,
};

// "finder", "remediation_developer", ...: the words the API and the CLI use (OSV upper-cases
// them, CVE JSON writes them with dashes).
std::string_view to_string(CreditRole role);
std::optional<CreditRole> parse_credit_role(std::string_view text);

// What a reference is, as OSV types `references[].type`.
enum class ReferenceType {
  advisory,
  article,
  detection,
  discussion,
  report,
  fix,
  introduced,
  git,
  package,
  evidence,
  web,
};

std::string_view to_string(ReferenceType type);
std::optional<ReferenceType> parse_reference_type(std::string_view text);

// One package the advisory is about. Ranges are written as maintainers write them and GitHub
// advisories carry them (">= 2.0, < 2.3.1"), in the program's version scheme: one range per
// vulnerable branch, each with at most one lower bound (>=) and one upper bound (< for the
// release that fixes it, <= for the last one affected), or a single version (= 1.0.2).
struct AffectedPackage {
  std::string ecosystem;  // as OSV names it: "PyPI", "npm", "crates.io", ...
  std::string name;       // the package name in that ecosystem
  std::string purl;       // optional package URL, "pkg:pypi/pyspector"
  std::vector<std::string> ranges;

  bool operator==(const AffectedPackage&) const = default;
};

struct AdvisoryReference {
  ReferenceType type = ReferenceType::web;
  std::string url;  // http:// or https://

  bool operator==(const AdvisoryReference&) const = default;
};

// A credit the team adds. A reporter is credited through their report instead (`report` names
// one of the advisory's reports), with the line the reporter chose and agreed to; everyone else
// is credited by name: a member of the team for analyst, coordinator and remediation work, any
// name for a tool, a sponsor or another contribution.
struct AdvisoryCredit {
  CreditRole role = CreditRole::finder;
  std::string report;  // the public id of one of the advisory's reports, or empty
  std::string name;    // empty when `report` is set: the reporter's own line is used

  bool operator==(const AdvisoryCredit&) const = default;
};

// What the team writes: everything of an advisory except its state and its instants.
struct AdvisoryDraft {
  std::string summary;  // one line
  std::string details;  // Markdown
  std::vector<AffectedPackage> affected;
  std::string cvss_vector;  // normalised CVSS 4.0 or 3.x vector; empty: none
  std::vector<int> cwes;
  std::vector<AdvisoryReference> references;
  std::vector<std::string> aliases;  // CVE or GHSA ids obtained elsewhere
  std::vector<AdvisoryCredit> credits;

  bool operator==(const AdvisoryDraft&) const = default;
};

inline constexpr std::size_t kMaxSummaryBytes = 200;
inline constexpr std::size_t kMaxAdvisoryListEntries = 50;
inline constexpr std::size_t kMaxAdvisoryReports = 50;
inline constexpr std::size_t kMaxNameBytes = 200;
inline constexpr std::size_t kMaxUrlBytes = 2000;

// The rules of a draft that need no program, catalogue or store: the summary is one line of
// 1-200 bytes, the lists hold at most 50 entries each, ecosystems are OSV's, names and URLs are
// single lines (URLs http or https), aliases look like CVE-YYYY-NNNN or GHSA-xxxx-xxxx-xxxx,
// a credit names either a report or a person, not both, and a reporter or finder credit comes
// from a report. Returns the draft with text trimmed and aliases, CWEs and repeats normalised.
// Throws Refusal naming the field, with the entry's 1-based position: "affected[2].ecosystem".
// The Markdown of the details, the version ranges, the CVSS vector, the CWE ids, the reports and
// the members are checked where their rules live (formats, scoring, store).
AdvisoryDraft normalize_advisory_draft(const AdvisoryDraft& draft);

// The ecosystem names OSV 1.6 defines (ecosystems.json of the OSV schema repository), in its
// order; is_osv_ecosystem also takes one with a release after a colon ("Debian:12").
std::span<const std::string_view> osv_ecosystems();
bool is_osv_ecosystem(std::string_view name);

// The reason a publication gives the transitions it makes ("Published in advisory
// PYSPECTOR-SA-2026-0001"), and the advisory read back from such a reason: how the mail that tells
// a reporter their report is disclosed links the advisory.
std::string publication_reason(std::string_view advisory_id);
std::optional<std::string> published_advisory_of(std::string_view reason);

// A credit as published: the reporter's line resolved from their report, or the team's name.
struct PublishedCredit {
  CreditRole role = CreditRole::finder;
  std::string name;

  bool operator==(const PublishedCredit&) const = default;
};

// One change of a scheduled advisory's public instant: who, when, from what (unset: it was not
// scheduled before), to what, and why (required for every change after the first).
struct EmbargoChange {
  Time at{};
  std::string actor;
  std::optional<Time> from;
  Time to{};
  std::string reason;
};

// How a reporter answered the credit line an advisory would carry for them.
enum class CreditDecision { accepted, declined };

std::string_view to_string(CreditDecision decision);

// A reporter's credit on one advisory as the team and the reporter see it: the line it would
// carry now (from the report's credit choice), whether the reporter must agree first (the
// program asks, or gives only private credit), their answer if any, and whether that answer
// still holds (they agreed to this very line). `private_only` is set for a duplicate or
// low-impact report when the program acknowledges those privately: then nothing is published.
struct ReporterCredit {
  std::string report;
  CreditRole role = CreditRole::finder;
  std::string line;
  bool consent_needed = true;
  std::optional<CreditDecision> decision;
  std::string decided_line;  // the line the answer was given for
  bool private_only = false;

  // Whether the line may be published: never for private-only credit or a declined one; with an
  // acceptance of the current line; or, where the program credits by default, unless declined.
  bool publishable() const;
};

// An advisory as its program's team sees it.
struct Advisory {
  std::string id;       // "PYSPECTOR-SA-2026-0001"
  std::string program;  // slug
  AdvisoryState state = AdvisoryState::draft;
  AdvisoryDraft draft;               // what the team is writing; public only once published
  std::vector<std::string> reports;  // public ids, in the order given
  std::optional<Time> publish_at;    // the instant it is (or was) scheduled for
  int revision = 0;                  // published revisions so far
  std::optional<Time> published_at;  // of the first revision
  std::optional<Time> modified_at;   // of the latest revision
  bool unpublished_changes = false;  // the draft differs from the latest revision
  std::string withdrawn_reason;
  std::vector<EmbargoChange> embargo_changes;  // oldest first
  std::vector<ReporterCredit> reporter_credits;
  Time created_at{};
  std::string created_by;
  Time updated_at{};
};

// A published revision as the public sees it: the draft as it was at that moment, every
// reporter's credit line resolved or left out, and the instants OSV and CSAF need.
struct PublishedAdvisory {
  std::string id;
  std::string program;         // slug
  std::string program_name;    // as the policy named it at publication
  std::string homepage;        // the program's, at publication; may be empty
  std::string version_scheme;  // "semver", "pep440" or "generic": how its ranges read
  int revision = 1;
  AdvisoryDraft draft;  // its credits are empty: `credits` holds what was published
  std::vector<PublishedCredit> credits;
  // The reporters' lines the program's hall of fame lists for this advisory ("Anonymous" for a
  // reporter who agreed to be counted without a name); empty when the program keeps none.
  std::vector<std::string> hall_of_fame;
  Time published_at{};  // of the first revision
  Time modified_at{};   // of this revision
  bool withdrawn = false;
  std::string withdrawn_reason;
  std::optional<Time> withdrawn_at;
};

}  // namespace embargo
