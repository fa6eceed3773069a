// libFuzzer target: an advisory draft as the CLI and the team API read it (a JSON body, then
// core/advisory_json.h), checked by the store's rules (store/advisory_checks.h) in each version
// scheme, its details by the Markdown check. Bad input is a Refusal naming a field; a draft that
// passes is idempotent under the rules, and publishes: its OSV record and its Markdown snippet
// are made without an error (every accepted range has OSV events).
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/advisory_json.h"
#include "core/error.h"
#include "formats/advisory_markdown.h"
#include "formats/markdown.h"
#include "formats/osv_json.h"
#include "http/json_body.h"
#include "store/advisory_checks.h"

namespace {

void check_draft(const embargo::AdvisoryDraft& draft, embargo::Versions::Scheme scheme,
                 const char* scheme_name) {
  embargo::Versions versions;
  versions.scheme = scheme;
  const std::vector<std::string> reports = {"ALPHA-2026-0001"};
  try {
    embargo::AdvisoryDraft checked = embargo::store::check_advisory_draft(draft, versions, reports);
    if (embargo::store::check_advisory_draft(checked, versions, reports) != checked) {
      __builtin_trap();
    }
    embargo::formats::check_markdown("details", checked.details);
    embargo::PublishedAdvisory published;
    published.id = "ALPHA-SA-2026-0001";
    published.program = "alpha";
    published.version_scheme = scheme_name;
    published.draft = checked;
    for (const auto& credit : checked.credits) {
      published.credits.push_back({credit.role, credit.report.empty() ? credit.name : "Ada"});
    }
    published.draft.credits.clear();
    embargo::formats::osv_record(published, "https://security.example.org/p/alpha/advisories/x");
    embargo::formats::advisory_markdown(published, "https://security.example.org/x");
  } catch (const embargo::Refusal& r) {
    if (r.field().empty() || std::string_view(r.what()).empty()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  embargo::AdvisoryDraft draft;
  try {
    draft = embargo::advisory_draft_from_json(
        embargo::http::json_object_body(text, "an advisory draft"));
  } catch (const embargo::Refusal& r) {
    if (r.field().empty()) __builtin_trap();
    return 0;
  }
  check_draft(draft, embargo::Versions::Scheme::semver, "semver");
  check_draft(draft, embargo::Versions::Scheme::pep440, "pep440");
  check_draft(draft, embargo::Versions::Scheme::generic, "generic");
  return 0;
}
