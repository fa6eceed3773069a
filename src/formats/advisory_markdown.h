// An advisory's published revision as Markdown: the snippet a team pastes into its release notes
// (the project policy credits reporters "with their permission" there) and `embargo advisory
// export --format markdown`.
#pragma once

#include <string>
#include <string_view>

#include "core/advisory.h"

namespace embargo::formats {

// A heading with the id and summary, the affected packages with their ranges and the releases
// that fix them, severity, weaknesses, aliases, a link to `advisory_url`, the details as the team
// wrote them, and the credits as published (only names the reporters agreed to). Names and
// summaries are escaped, so a name is never read as Markdown.
std::string advisory_markdown(const PublishedAdvisory& advisory, std::string_view advisory_url);

}  // namespace embargo::formats
