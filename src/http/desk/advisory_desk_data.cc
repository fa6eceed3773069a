#include "http/desk/advisory_desk_data.h"

#include <date/date.h>

#include "core/text.h"
#include "formats/advisory_markdown.h"
#include "formats/clock_words.h"
#include "http/desk/desk_page_data.h"
#include "http/desk/report_page_data.h"
#include "http/public/advisory_page_data.h"

namespace embargo::http {
namespace {

using kainjow::mustache::list;
using kainjow::mustache::object;

constexpr std::array<CreditRole, 10> kRoles = {CreditRole::finder,
                                               CreditRole::reporter,
                                               CreditRole::analyst,
                                               CreditRole::coordinator,
                                               CreditRole::remediation_developer,
                                               CreditRole::remediation_reviewer,
                                               CreditRole::remediation_verifier,
                                               CreditRole::tool,
                                               CreditRole::sponsor,
                                               CreditRole::other};

std::string state_words(AdvisoryState state) {
  switch (state) {
    case AdvisoryState::draft:
      return "Draft: not public";
    case AdvisoryState::in_review:
      return "In review: not public";
    case AdvisoryState::scheduled:
      return "Scheduled: not public until its instant";
    case AdvisoryState::published:
      return "Published";
    case AdvisoryState::withdrawn:
      return "Withdrawn (public, marked withdrawn)";
  }
  return "";
}

std::string instant_words(Time t, const Policy& policy) {
  std::string utc = date::format("%Y-%m-%d %H:%M UTC", t);
  if (policy.calendar.time_zone == "UTC") return utc;
  return utc + " (" + formats::local_time_words(t, policy.calendar) + ")";
}

// A value of the editor: what a refused form sent, else what is stored.
std::string value_of(const FormInput& input, const std::string& name, const std::string& stored) {
  auto it = input.values.find(name);
  return it == input.values.end() ? stored : it->second;
}

std::string credit_status(const ReporterCredit& credit) {
  if (credit.private_only) return "private acknowledgement only: the advisory names nobody";
  if (credit.decision == CreditDecision::declined) return "the reporter declined: left out";
  if (credit.publishable()) {
    return credit.decision ? "the reporter accepted: published"
                           : "published unless the reporter declines (the program credits by "
                             "default)";
  }
  return "waiting for the reporter to accept: left out of a scheduled publication, and a "
         "publication by hand is refused";
}

// The packages as rows of the editor, and one blank row to add a package. The blank row offers
// the ecosystem of the package above it, or PyPI for a program versioned by PEP 440, rather than
// the first name of OSV's list.
list package_rows(const AdvisoryDraft& draft, const FormInput& input, Versions::Scheme scheme) {
  list rows;
  std::size_t count = draft.affected.size() + 1;
  for (std::size_t i = 0; i < count; ++i) {
    AffectedPackage blank;
    if (!draft.affected.empty()) {
      blank.ecosystem = draft.affected.back().ecosystem;
    } else if (scheme == Versions::Scheme::pep440) {
      blank.ecosystem = "PyPI";
    }
    const AffectedPackage& stored = i < draft.affected.size() ? draft.affected[i] : blank;
    std::string n = std::to_string(i + 1);
    TemplateData row = object{};
    row.set("n", n);
    std::string ecosystem = value_of(input, "ecosystem_" + n, stored.ecosystem);
    list options;
    for (std::string_view name : osv_ecosystems()) {
      TemplateData option = object{};
      option.set("name", std::string(name));
      if (name == ecosystem) option.set("selected", true);
      options.emplace_back(option);
    }
    row.set("ecosystems", options);
    row.set("name", value_of(input, "package_" + n, stored.name));
    row.set("purl", value_of(input, "purl_" + n, stored.purl));
    row.set("ranges", value_of(input, "ranges_" + n, joined(stored.ranges, "\n")));
    rows.emplace_back(row);
  }
  return rows;
}

list credit_rows(const Advisory& advisory, const FormInput& input) {
  list rows;
  const auto& credits = advisory.draft.credits;
  for (std::size_t i = 0; i < credits.size() + 1; ++i) {
    const AdvisoryCredit blank{CreditRole::other, "", ""};
    const AdvisoryCredit& stored = i < credits.size() ? credits[i] : blank;
    std::string n = std::to_string(i + 1);
    TemplateData row = object{};
    row.set("n", n);
    std::string role = value_of(input, "credit_role_" + n, std::string(to_string(stored.role)));
    list roles;
    for (CreditRole r : kRoles) {
      TemplateData option = object{};
      option.set("value", std::string(to_string(r)));
      std::string words(to_string(r));
      std::replace(words.begin(), words.end(), '_', ' ');
      option.set("words", words);
      if (to_string(r) == role) option.set("selected", true);
      roles.emplace_back(option);
    }
    row.set("roles", roles);
    std::string report = value_of(input, "credit_report_" + n, stored.report);
    list reports;
    for (const auto& id : advisory.reports) {
      TemplateData option = object{};
      option.set("id", id);
      if (id == report) option.set("selected", true);
      reports.emplace_back(option);
    }
    row.set("reports", reports);
    row.set("name", value_of(input, "credit_name_" + n, stored.name));
    rows.emplace_back(row);
  }
  return rows;
}

void add_editor(TemplateData& page, const Advisory& advisory, const FormInput& input,
                Versions::Scheme scheme) {
  const AdvisoryDraft& draft = advisory.draft;
  page.set("summary", value_of(input, "summary", draft.summary));
  page.set("details", value_of(input, "details", draft.details));
  page.set("cvss_vector", value_of(input, "cvss_vector", draft.cvss_vector));
  std::vector<std::string> cwes;
  for (int id : draft.cwes) cwes.push_back("CWE-" + std::to_string(id));
  page.set("cwes", value_of(input, "cwes", joined(cwes, ", ")));
  page.set("aliases", value_of(input, "aliases", joined(draft.aliases, ", ")));
  std::vector<std::string> references;
  for (const auto& ref : draft.references) {
    references.push_back(std::string(to_string(ref.type)) + " " + ref.url);
  }
  page.set("references", value_of(input, "references", joined(references, "\n")));
  page.set("packages", package_rows(draft, input, scheme));
  page.set("credit_rows", credit_rows(advisory, input));
}

void add_error(TemplateData& page, const FormInput& input, const std::string& form) {
  auto it = input.errors.find(form);
  if (it != input.errors.end()) page.set(form + "_error", it->second);
}

}  // namespace

std::string advisory_desk_path(const Site& site, const std::string& id) {
  return site.path + "/desk/advisories/" + id;
}

TemplateData advisory_desk_page_data(const DeskContext& context, const AdvisoryView& view,
                                     const FormInput& input, Time now) {
  const Advisory& advisory = view.advisory;
  TemplateData page = desk_frame_data(context, "Advisory " + advisory.id);
  page.set("id", advisory.id);
  page.set("program_name", view.policy.identity.name);
  page.set("list_url", context.site.path + "/desk/programs/" + advisory.program + "/advisories");
  page.set("state", state_words(advisory.state));
  page.set("base", advisory_desk_path(context.site, advisory.id));
  list reports;
  for (const auto& id : advisory.reports) {
    TemplateData report = object{};
    report.set("id", id);
    report.set("url", report_page_path(context.site, id));
    reports.emplace_back(report);
  }
  page.set("reports", reports);
  page.set("version_scheme", std::string(to_string(view.policy.versions.scheme)));
  if (advisory.revision > 0 && advisory.unpublished_changes) page.set("unpublished_changes", true);

  list credits;
  for (const auto& credit : advisory.reporter_credits) {
    TemplateData row = object{};
    row.set("report", credit.report);
    row.set("line", credit.line);
    row.set("status", credit_status(credit));
    credits.emplace_back(row);
  }
  if (!advisory.reporter_credits.empty()) page.set("reporter_credits", credits);

  // The instant it waits for while scheduled; once public, when it was published.
  if (advisory.state == AdvisoryState::scheduled && advisory.publish_at) {
    page.set("publish_at", instant_words(*advisory.publish_at, view.policy));
  }
  if (advisory.published_at) {
    page.set("published_at", instant_words(*advisory.published_at, view.policy));
  }
  list changes;
  for (const auto& change : advisory.embargo_changes) {
    TemplateData row = object{};
    row.set("at", instant_words(change.at, view.policy));
    row.set("actor", change.actor);
    if (change.from) row.set("from", instant_words(*change.from, view.policy));
    row.set("to", instant_words(change.to, view.policy));
    if (!change.reason.empty()) row.set("reason", change.reason);
    changes.emplace_back(row);
  }
  if (!advisory.embargo_changes.empty()) page.set("changes", changes);

  bool open = advisory.state != AdvisoryState::withdrawn;
  if (view.may_edit && open) {
    page.set("may_edit", true);
    add_editor(page, advisory, input, view.policy.versions.scheme);
    if (advisory.state == AdvisoryState::draft) page.set("may_ask_review", true);
    if (advisory.state == AdvisoryState::in_review) page.set("may_back_to_draft", true);
  }
  if (view.may_publish) {
    bool unpublished = advisory.state == AdvisoryState::draft ||
                       advisory.state == AdvisoryState::in_review ||
                       advisory.state == AdvisoryState::scheduled;
    if (unpublished) {
      page.set("may_schedule", true);
      page.set("schedule_value",
               value_of(input, "publish_at",
                        date::format("%Y-%m-%dT%H:%M", advisory.publish_at.value_or(
                                                           date::floor<std::chrono::minutes>(now) +
                                                           std::chrono::hours(24)))));
    }
    if (unpublished ||
        (advisory.state == AdvisoryState::published && advisory.unpublished_changes)) {
      page.set("may_publish_now", true);
    }
    if (advisory.state == AdvisoryState::published) page.set("may_withdraw", true);
  }
  for (const char* form : {"form", "review", "schedule", "publish", "withdraw"}) {
    add_error(page, input, form);
  }
  if (view.published) {
    std::string url = advisory_url(context.site, advisory.program, advisory.id);
    page.set("public_url", url);
    page.set("osv_url", url + ".osv.json");
    page.set("release_notes",
             formats::advisory_markdown(
                 *view.published,
                 context.site.public_url + advisory_url(Site{}, advisory.program, advisory.id)));
  }
  if (!advisory.draft.details.empty()) page.set("has_details", true);
  return page;
}

TemplateData advisory_list_page_data(const DeskContext& context, const Policy& policy,
                                     const std::vector<Advisory>& advisories) {
  TemplateData page = desk_frame_data(context, policy.identity.name + " advisories");
  page.set("program_name", policy.identity.name);
  page.set("public_url", advisories_url(context.site, policy.identity.slug));
  list rows;
  for (const auto& advisory : advisories) {
    TemplateData row = object{};
    row.set("id", advisory.id);
    row.set("url", advisory_desk_path(context.site, advisory.id));
    row.set("summary", advisory.draft.summary);
    row.set("state", std::string(to_string(advisory.state)));
    if (advisory.publish_at) {
      row.set("publish_at", instant_words(*advisory.publish_at, policy));
    } else if (advisory.published_at) {
      row.set("publish_at", instant_words(*advisory.published_at, policy));
    } else {
      row.set("publish_at", "not scheduled");
    }
    row.set("reports", joined(advisory.reports, ", "));
    rows.emplace_back(row);
  }
  if (!advisories.empty()) page.set("advisories", rows);
  return page;
}

}  // namespace embargo::http
