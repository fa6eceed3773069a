#include "http/desk/advisory_desk_pages.h"

#include <memory>

#include "core/error.h"
#include "formats/markdown.h"
#include "http/authorize.h"
#include "http/desk/advisory_desk_data.h"
#include "http/desk/report_page_data.h"
#include "http/desk/settings_page_data.h"
#include "http/form_text.h"
#include "http/html_response.h"
#include "http/refusal_status.h"
#include "scoring/cwe.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// The editor's form as a whole draft. Rows of packages and credits are numbered from 1; a row
// left blank is no entry. A reference is one line "TYPE URL".
AdvisoryDraft draft_of(const DeskContext& c) {
  AdvisoryDraft draft;
  draft.summary = c.field("summary");
  draft.details = unix_lines(c.field("details"));
  draft.cvss_vector = trimmed(c.field("cvss_vector"));
  for (const auto& text : pieces(c.field("cwes"), ", \n")) {
    std::string problem;
    auto id = scoring::parse_cwe_id(text, &problem);
    if (!id) throw invalid_at("cwes", "'" + text + "': " + problem);
    draft.cwes.push_back(*id);
  }
  draft.aliases = pieces(c.field("aliases"), ", \n");
  for (const auto& line : pieces(c.field("references"), "\n")) {
    auto space = line.find_first_of(" \t");
    auto type = parse_reference_type(line.substr(0, space));
    if (!type || space == std::string::npos) {
      throw invalid_at("references", "'" + line +
                                         "': write one reference a line as TYPE URL, TYPE one of "
                                         "advisory, article, detection, discussion, report, fix, "
                                         "introduced, git, package, evidence, web");
    }
    draft.references.push_back({*type, trimmed(line.substr(space))});
  }
  // Every package row sends its ecosystem (a list with no empty choice): the rows end where
  // none comes.
  for (int n = 1; !c.field("ecosystem_" + std::to_string(n)).empty(); ++n) {
    std::string i = std::to_string(n);
    std::vector<std::string> ranges = pieces(c.field("ranges_" + i), "\n");
    if (trimmed(c.field("package_" + i)).empty() && trimmed(c.field("purl_" + i)).empty() &&
        ranges.empty()) {
      continue;
    }
    draft.affected.push_back(
        {c.field("ecosystem_" + i), c.field("package_" + i), c.field("purl_" + i), ranges});
  }
  for (int n = 1;; ++n) {
    std::string i = std::to_string(n);
    std::string role_text = c.field("credit_role_" + i);
    if (role_text.empty()) break;
    std::string report = trimmed(c.field("credit_report_" + i));
    std::string name = trimmed(c.field("credit_name_" + i));
    if (report.empty() && name.empty()) continue;
    auto role = parse_credit_role(role_text);
    if (!role) throw invalid_at("credits", "choose a role from the list");
    draft.credits.push_back({*role, report, name});
  }
  formats::check_markdown("details", draft.details);
  return draft;
}

class AdvisoryDeskPages {
 public:
  explicit AdvisoryDeskPages(store::Store& store) : store_(store) {}

  Response list(DeskContext& c) {
    std::string slug(c.params.get("slug"));
    require(c.caller(), Permission::read, slug);
    auto program = store_.find_program(slug);
    if (!program) throw Denied(Verdict::hidden);
    return private_page(
        c.request, bh::status::ok, "desk_advisories",
        advisory_list_page_data(c, program->policy, store_.advisories().list_advisories(slug)));
  }

  Response create(DeskContext& c) {
    auto report = store_.find_report(std::string(c.params.get("id")));
    if (!report) throw Denied(Verdict::hidden);
    require(c.caller(), Permission::triage, report->program);
    Advisory created = store_.advisories().create_advisory(
        {report->program, {report->id}, AdvisoryDraft{}}, c.caller().email);
    return see_other(c.request, advisory_desk_path(c.site, created.id));
  }

  Response show(DeskContext& c) {
    return page(c, view_of(c, open(c, Permission::read)), bh::status::ok, {});
  }

  Response save(DeskContext& c) {
    Advisory advisory = open(c, Permission::triage);
    return act(c, std::move(advisory), "form", [&] {
      store_.advisories().update_advisory(view_id(c), draft_of(c), c.caller().email);
    });
  }

  Response review(DeskContext& c) {
    Advisory advisory = open(c, Permission::triage);
    return act(c, std::move(advisory), "review", [&] {
      store_.advisories().set_advisory_review(view_id(c), c.field("in_review") == "yes",
                                              c.caller().email);
    });
  }

  // The form's instant is a datetime-local value read as UTC ("2026-12-24T09:00"), as the
  // field's label says.
  Response schedule(DeskContext& c) {
    Advisory advisory = open(c, Permission::publish);
    return act(c, std::move(advisory), "schedule", [&] {
      std::string text = trimmed(c.field("publish_at"));
      if (text.size() == 16) text += ":00";
      Time instant;
      try {
        instant = parse_time(text + "Z");
      } catch (const Refusal&) {
        throw invalid_at("publish_at", "give the date and time (UTC) to publish at");
      }
      store_.advisories().schedule_advisory(view_id(c), instant, c.field("reason"),
                                            c.caller().email, store_.time().now());
    });
  }

  Response publish(DeskContext& c) {
    Advisory advisory = open(c, Permission::publish);
    return act(c, std::move(advisory), "publish", [&] {
      store_.advisories().publish_advisory(view_id(c), c.caller().email, store_.time().now());
    });
  }

  Response withdraw(DeskContext& c) {
    Advisory advisory = open(c, Permission::publish);
    return act(c, std::move(advisory), "withdraw", [&] {
      store_.advisories().withdraw_advisory(view_id(c), c.field("reason"), c.caller().email,
                                            store_.time().now());
    });
  }

 private:
  static std::string view_id(const DeskContext& c) { return std::string(c.params.get("id")); }

  // The advisory of the path once the caller may do `permission` to its program; an unknown id
  // answers like a program the caller may not read.
  Advisory open(const DeskContext& c, Permission permission) {
    auto advisory = store_.advisories().find_advisory(view_id(c));
    if (!advisory) throw Denied(Verdict::hidden);
    require(c.caller(), permission, advisory->program);
    return std::move(*advisory);
  }

  AdvisoryView view_of(const DeskContext& c, Advisory advisory) {
    AdvisoryView view;
    if (auto program = store_.find_program(advisory.program)) view.policy = program->policy;
    view.published = store_.advisories().find_published(advisory.id);
    view.may_edit = c.caller().may(Permission::triage, advisory.program);
    view.may_publish = c.caller().may(Permission::publish, advisory.program);
    view.advisory = std::move(advisory);
    return view;
  }

  Response page(const DeskContext& c, const AdvisoryView& view, bh::status status,
                const FormInput& input) {
    return private_page(
        c.request, status, "desk_advisory",
        advisory_desk_page_data(c, view, input, store_.time().now()),
        {{"details_preview", formats::markdown_to_html(view.advisory.draft.details)}});
  }

  // Runs a form's action: back to the page on success (303), the page with the refusal in the
  // form it came from otherwise, what was typed kept.
  template <typename Action>
  Response act(DeskContext& c, Advisory advisory, const std::string& form, Action action) {
    try {
      action();
    } catch (const Refusal& r) {
      FormInput input = input_of(c);
      input.errors[form] = r.what();
      return page(c, view_of(c, std::move(advisory)), status_of(r), input);
    }
    return see_other(c.request, advisory_desk_path(c.site, view_id(c)));
  }

  store::Store& store_;
};

}  // namespace

void add_advisory_desk_pages(Router& router, store::Store& store, const Site& site,
                             const SessionRules& rules) {
  auto pages = std::make_shared<AdvisoryDeskPages>(store);
  auto page = [&](auto member) {
    return desk_page(store.accounts(), site, rules,
                     [pages, member](DeskContext& c) { return ((*pages).*member)(c); });
  };
  router.add(bh::verb::get, "/desk/programs/{slug}/advisories", page(&AdvisoryDeskPages::list));
  router.add(bh::verb::post, "/desk/reports/{id}/advisories", page(&AdvisoryDeskPages::create));
  router.add(bh::verb::get, "/desk/advisories/{id}", page(&AdvisoryDeskPages::show));
  router.add(bh::verb::post, "/desk/advisories/{id}", page(&AdvisoryDeskPages::save));
  router.add(bh::verb::post, "/desk/advisories/{id}/review", page(&AdvisoryDeskPages::review));
  router.add(bh::verb::post, "/desk/advisories/{id}/schedule", page(&AdvisoryDeskPages::schedule));
  router.add(bh::verb::post, "/desk/advisories/{id}/publish", page(&AdvisoryDeskPages::publish));
  router.add(bh::verb::post, "/desk/advisories/{id}/withdraw", page(&AdvisoryDeskPages::withdraw));
}

}  // namespace embargo::http
