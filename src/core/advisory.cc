#include "core/advisory.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/error.h"
#include "core/text.h"

namespace embargo {
namespace {

constexpr std::array<std::string_view, 5> kStateNames = {"draft", "in_review", "scheduled",
                                                         "published", "withdrawn"};
constexpr std::array<std::string_view, 10> kRoleNames = {"finder",
                                                         "reporter",
                                                         "analyst",
                                                         "coordinator",
                                                         "remediation_developer",
                                                         "remediation_reviewer",
                                                         "remediation_verifier",
                                                         "tool",
                                                         "sponsor",
                                                         "other"};
constexpr std::array<std::string_view, 11> kReferenceNames = {
    "advisory",   "article", "detection", "discussion", "report", "fix",
    "introduced", "git",     "package",   "evidence",   "web"};

// OSV 1.6's ecosystems.json, in its order.
constexpr std::array<std::string_view, 48> kOsvEcosystems = {"AlmaLinux",
                                                             "Alpaquita",
                                                             "Alpine",
                                                             "Android",
                                                             "Azure Linux",
                                                             "BellSoft Hardened Containers",
                                                             "Bioconductor",
                                                             "Bitnami",
                                                             "Chainguard",
                                                             "CleanStart",
                                                             "ConanCenter",
                                                             "CRAN",
                                                             "crates.io",
                                                             "Debian",
                                                             "Docker Hardened Images",
                                                             "Echo",
                                                             "FreeBSD",
                                                             "GHC",
                                                             "GitHub Actions",
                                                             "Go",
                                                             "Hackage",
                                                             "Hex",
                                                             "Julia",
                                                             "Kubernetes",
                                                             "Linux",
                                                             "Mageia",
                                                             "Maven",
                                                             "MinimOS",
                                                             "npm",
                                                             "NuGet",
                                                             "opam",
                                                             "openEuler",
                                                             "openSUSE",
                                                             "OSS-Fuzz",
                                                             "Packagist",
                                                             "Photon OS",
                                                             "Pub",
                                                             "PyPI",
                                                             "Red Hat",
                                                             "Rocky Linux",
                                                             "Root",
                                                             "RubyGems",
                                                             "SUSE",
                                                             "SwiftURL",
                                                             "TuxCare",
                                                             "Ubuntu",
                                                             "VSCode",
                                                             "Wolfi"};

template <typename Enum, std::size_t N>
std::optional<Enum> parse_name(const std::array<std::string_view, N>& names,
                               std::string_view text) {
  auto it = std::find(names.begin(), names.end(), text);
  if (it == names.end()) return std::nullopt;
  return static_cast<Enum>(it - names.begin());
}

std::string at(const std::string& list, std::size_t index, const std::string& field = "") {
  std::string name = list + "[" + std::to_string(index + 1) + "]";
  return field.empty() ? name : name + "." + field;
}

// One line of text a person typed, trimmed; `required` refuses an empty one.
std::string line_of_text(const std::string& field, std::string_view text, std::size_t max_bytes,
                         bool required) {
  std::string value(trim_spaces(text));
  if (auto problem = text_problem(value, false)) throw invalid_at(field, *problem);
  if (required && value.empty()) throw invalid_at(field, "required");
  if (value.size() > max_bytes) {
    throw invalid_at(field, "at most " + std::to_string(max_bytes) + " bytes");
  }
  return value;
}

void check_count(const std::string& field, std::size_t count, std::size_t max) {
  if (count > max) throw invalid_at(field, "at most " + std::to_string(max) + " entries");
}

std::string web_url(const std::string& field, std::string_view text) {
  std::string url = line_of_text(field, text, kMaxUrlBytes, true);
  bool http = url.starts_with("https://") || url.starts_with("http://");
  if (!http || url.find_first_of(" \t") != std::string::npos || url.size() <= url.find("//") + 2) {
    throw invalid_at(field, quoted(url) + " is not an http:// or https:// URL");
  }
  return url;
}

bool all_of(std::string_view text, int (*test)(int)) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [test](char c) {
    return test(static_cast<unsigned char>(c)) != 0;
  });
}

// CVE-YYYY-NNNN (four or more digits) or GHSA-xxxx-xxxx-xxxx (GitHub's alphabet, lower case).
bool is_alias(std::string_view id) {
  if (id.starts_with("CVE-") && id.size() >= 13 && id[8] == '-') {
    return all_of(id.substr(4, 4), isdigit) && all_of(id.substr(9), isdigit);
  }
  if (id.starts_with("GHSA-") && id.size() == 19) {
    for (std::size_t i = 5; i < id.size(); ++i) {
      char c = id[i];
      bool dash = i == 9 || i == 14;
      if (dash ? c != '-'
               : std::string_view("23456789cfghjmpqrvwx").find(c) == std::string_view::npos)
        return false;
    }
    return true;
  }
  return false;
}

std::string alias(const std::string& field, std::string_view text) {
  std::string value = line_of_text(field, text, 64, true);
  std::string upper = ascii_upper(value);
  // GitHub writes the prefix in capitals and the rest in lower case.
  if (upper.starts_with("GHSA-")) upper = "GHSA-" + ascii_lower(upper.substr(5));
  if (!is_alias(upper)) {
    throw invalid_at(field, quoted(value) +
                                " is neither a CVE id (CVE-2026-12345) nor a GitHub "
                                "advisory id (GHSA-xxxx-xxxx-xxxx)");
  }
  return upper;
}

bool is_purl(std::string_view purl) {
  if (!purl.starts_with("pkg:")) return false;
  auto slash = purl.find('/', 4);
  return slash != std::string_view::npos && slash > 4 && slash + 1 < purl.size();
}

AffectedPackage affected_package(std::size_t index, const AffectedPackage& in) {
  AffectedPackage out;
  out.ecosystem = line_of_text(at("affected", index, "ecosystem"), in.ecosystem, 100, true);
  if (!is_osv_ecosystem(out.ecosystem)) {
    throw invalid_at(at("affected", index, "ecosystem"),
                     quoted(out.ecosystem) +
                         " is not an ecosystem OSV defines (PyPI, npm, "
                         "crates.io, Go, Maven, ...)");
  }
  out.name = line_of_text(at("affected", index, "name"), in.name, kMaxNameBytes, true);
  out.purl = line_of_text(at("affected", index, "purl"), in.purl, kMaxUrlBytes, false);
  if (!out.purl.empty() && !is_purl(out.purl)) {
    throw invalid_at(at("affected", index, "purl"),
                     quoted(out.purl) + " is not a package URL (pkg:TYPE/NAME)");
  }
  check_count(at("affected", index, "ranges"), in.ranges.size(), kMaxAdvisoryListEntries);
  if (in.ranges.empty())
    throw invalid_at(at("affected", index, "ranges"), "name at least one range");
  for (std::size_t r = 0; r < in.ranges.size(); ++r) {
    std::string field = at("affected", index, "ranges") + "[" + std::to_string(r + 1) + "]";
    out.ranges.push_back(line_of_text(field, in.ranges[r], 256, true));
  }
  return out;
}

AdvisoryCredit credit(std::size_t index, const AdvisoryCredit& in) {
  AdvisoryCredit out{in.role, std::string(trim_spaces(in.report)), {}};
  out.name = line_of_text(at("credits", index, "name"), in.name, kMaxNameBytes, false);
  if (!out.report.empty() && !out.name.empty()) {
    throw invalid_at(at("credits", index, "name"),
                     "a reporter is credited with the line they chose on their report: give the "
                     "report or a name, not both");
  }
  if (out.report.empty() && out.name.empty()) {
    throw invalid_at(at("credits", index), "give the report whose reporter is credited, or a name");
  }
  bool reporter_role = in.role == CreditRole::finder || in.role == CreditRole::reporter;
  if (reporter_role && out.report.empty()) {
    throw invalid_at(at("credits", index, "report"),
                     "a finder or reporter is credited through their report, so that they agree to "
                     "the line first");
  }
  return out;
}

}  // namespace

std::string_view to_string(AdvisoryState state) { return kStateNames[static_cast<int>(state)]; }
std::optional<AdvisoryState> parse_advisory_state(std::string_view text) {
  return parse_name<AdvisoryState>(kStateNames, text);
}
std::string_view to_string(CreditRole role) { return kRoleNames[static_cast<int>(role)]; }
std::optional<CreditRole> parse_credit_role(std::string_view text) {
  return parse_name<CreditRole>(kRoleNames, text);
}
std::string_view to_string(ReferenceType type) { return kReferenceNames[static_cast<int>(type)]; }
std::optional<ReferenceType> parse_reference_type(std::string_view text) {
  return parse_name<ReferenceType>(kReferenceNames, text);
}

constexpr std::string_view kPublicationReason = "Published in advisory ";

std::string publication_reason(std::string_view advisory_id) {
  return std::string(kPublicationReason) + std::string(advisory_id);
}

std::optional<std::string> published_advisory_of(std::string_view reason) {
  if (!reason.starts_with(kPublicationReason)) return std::nullopt;
  return std::string(reason.substr(kPublicationReason.size()));
}

std::span<const std::string_view> osv_ecosystems() { return kOsvEcosystems; }

bool is_osv_ecosystem(std::string_view name) {
  // "Debian:12", "Ubuntu:22.04:LTS": an ecosystem may carry a release after a colon.
  std::string_view base = name.substr(0, name.find(':'));
  if (base.size() < name.size() && base.size() + 1 == name.size()) return false;
  return std::find(kOsvEcosystems.begin(), kOsvEcosystems.end(), base) != kOsvEcosystems.end();
}

AdvisoryDraft normalize_advisory_draft(const AdvisoryDraft& draft) {
  AdvisoryDraft out;
  out.summary = line_of_text("summary", draft.summary, kMaxSummaryBytes, true);
  if (auto problem = text_problem(draft.details, true)) throw invalid_at("details", *problem);
  out.details = draft.details;

  check_count("affected", draft.affected.size(), kMaxAdvisoryListEntries);
  for (std::size_t i = 0; i < draft.affected.size(); ++i) {
    out.affected.push_back(affected_package(i, draft.affected[i]));
  }
  out.cvss_vector = std::string(trim_spaces(draft.cvss_vector));

  check_count("cwes", draft.cwes.size(), kMaxAdvisoryListEntries);
  for (int cwe : draft.cwes) {
    if (std::find(out.cwes.begin(), out.cwes.end(), cwe) == out.cwes.end()) {
      out.cwes.push_back(cwe);
    }
  }

  check_count("references", draft.references.size(), kMaxAdvisoryListEntries);
  for (std::size_t i = 0; i < draft.references.size(); ++i) {
    AdvisoryReference ref{draft.references[i].type,
                          web_url(at("references", i, "url"), draft.references[i].url)};
    if (std::find(out.references.begin(), out.references.end(), ref) == out.references.end()) {
      out.references.push_back(std::move(ref));
    }
  }

  check_count("aliases", draft.aliases.size(), kMaxAdvisoryListEntries);
  for (std::size_t i = 0; i < draft.aliases.size(); ++i) {
    std::string id = alias(at("aliases", i), draft.aliases[i]);
    if (std::find(out.aliases.begin(), out.aliases.end(), id) == out.aliases.end()) {
      out.aliases.push_back(std::move(id));
    }
  }

  check_count("credits", draft.credits.size(), kMaxAdvisoryListEntries);
  for (std::size_t i = 0; i < draft.credits.size(); ++i) {
    AdvisoryCredit c = credit(i, draft.credits[i]);
    if (std::find(out.credits.begin(), out.credits.end(), c) != out.credits.end()) {
      throw invalid_at(at("credits", i), "this credit is listed twice");
    }
    out.credits.push_back(std::move(c));
  }
  return out;
}

bool ReporterCredit::publishable() const {
  if (private_only || decision == CreditDecision::declined) return false;
  if (decision == CreditDecision::accepted && decided_line == line) return true;
  return !consent_needed;
}

std::string_view to_string(CreditDecision decision) {
  return decision == CreditDecision::accepted ? "accepted" : "declined";
}

}  // namespace embargo
