#include "formats/advisory_markdown.h"

#include <sstream>

#include "formats/security_md.h"
#include "scoring/range_interval.h"
#include "scoring/version.h"

namespace embargo::formats {
namespace {

std::string role_words(CreditRole role) {
  std::string words(to_string(role));
  for (char& c : words) c = c == '_' ? ' ' : c;
  return words;
}

}  // namespace

std::string advisory_markdown(const PublishedAdvisory& advisory, std::string_view advisory_url) {
  const AdvisoryDraft& draft = advisory.draft;
  std::ostringstream md;
  md << "## " << markdown_text(advisory.id) << ": " << markdown_text(draft.summary) << "\n\n";
  if (advisory.withdrawn) {
    md << "**Withdrawn** on " << format_time(*advisory.withdrawn_at) << ": "
       << markdown_text(advisory.withdrawn_reason) << "\n\n";
  }
  std::string error;
  auto scheme = scoring::parse_version_scheme(advisory.version_scheme, &error);
  for (const auto& package : draft.affected) {
    // A package name is code, unless a backtick in it would end the code span.
    std::string name = package.name.find('`') == std::string::npos ? "`" + package.name + "`"
                                                                   : markdown_text(package.name);
    md << "- **Affected**: " << name << " (" << markdown_text(package.ecosystem) << ")";
    std::string fixed;
    for (std::size_t i = 0; i < package.ranges.size(); ++i) {
      md << (i == 0 ? " " : "; ") << markdown_text(package.ranges[i]);
      auto interval = scheme
                          ? scoring::parse_vulnerable_interval(*scheme, package.ranges[i], &error)
                          : std::nullopt;
      if (interval && !interval->fixed.empty()) {
        fixed += (fixed.empty() ? "" : ", ") + interval->fixed;  // a normalised version
      }
    }
    md << "\n";
    if (!fixed.empty()) md << "- **Fixed in**: " << fixed << "\n";
  }
  if (!draft.cvss_vector.empty()) md << "- **Severity**: `" << draft.cvss_vector << "`\n";
  if (!draft.cwes.empty()) {
    md << "- **Weakness**:";
    for (std::size_t i = 0; i < draft.cwes.size(); ++i) {
      md << (i == 0 ? " " : ", ") << "CWE-" << draft.cwes[i];
    }
    md << "\n";
  }
  if (!draft.aliases.empty()) {
    md << "- **Aliases**:";
    for (std::size_t i = 0; i < draft.aliases.size(); ++i) {
      md << (i == 0 ? " " : ", ") << draft.aliases[i];
    }
    md << "\n";
  }
  md << "- **Advisory**: <" << advisory_url << ">\n";
  if (!draft.details.empty()) md << "\n" << draft.details << "\n";
  if (!advisory.credits.empty()) {
    md << "\n### Credits\n\n";
    for (const auto& credit : advisory.credits) {
      md << "- " << markdown_text(credit.name) << " (" << role_words(credit.role) << ")\n";
    }
  }
  return md.str();
}

}  // namespace embargo::formats
