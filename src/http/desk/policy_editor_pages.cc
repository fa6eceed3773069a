#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "core/error.h"
#include "core/policy.h"
#include "core/text.h"
#include "formats/line_diff.h"
#include "http/desk/settings_page_data.h"
#include "http/desk/settings_sections.h"
#include "http/desk_routes.h"
#include "http/html_response.h"
#include "http/refusal_status.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;
using kainjow::mustache::list;
using kainjow::mustache::object;

// What the editor shows beside the text: the policy loader's errors with line and column, and
// the editor's own refusals (a changed slug, the store's refusal, a concurrent save).
struct Problems {
  std::vector<PolicyError> errors;
  std::vector<std::string> others;
  bool empty() const { return errors.empty() && others.empty(); }
};

// The edited text checked as `embargo policy check` checks a file, plus the rule of this page:
// it edits one program, so the text must keep that program's slug.
struct Checked {
  std::optional<Policy> policy;
  Problems problems;
};

Checked check(const std::string& source, const std::string& slug) {
  PolicyLoad load = load_policy(source, slug + ".toml");
  Checked checked{std::move(load.policy), {std::move(load.errors), {}}};
  if (checked.policy && checked.policy->identity.slug != slug) {
    checked.problems.others.push_back(
        "program.slug: the slug is the program's address in every link and API call, so it "
        "cannot change here; keep slug = \"" +
        slug +
        "\" (a policy with another slug is another program: apply it with `embargo program "
        "apply`)");
    checked.policy.reset();
  }
  return checked;
}

list error_rows(const Problems& problems) {
  list rows;
  for (const auto& e : problems.errors) {
    TemplateData row = object{};
    row.set("error_place",
            e.line > 0 ? "Line " + std::to_string(e.line) + ", column " + std::to_string(e.column)
                       : std::string("The whole file"));
    row.set("error_message", e.message);
    rows.push_back(row);
  }
  for (const auto& message : problems.others) {
    TemplateData row = object{};
    row.set("error_place", std::string("Not saved"));
    row.set("error_message", message);
    rows.push_back(row);
  }
  return rows;
}

std::string number(std::int64_t line) { return line > 0 ? std::to_string(line) : std::string(); }

list diff_rows(const std::vector<formats::DiffLine>& diff) {
  list rows;
  for (const auto& d : diff) {
    TemplateData row = object{};
    switch (d.kind) {
      case formats::DiffLine::Kind::skipped:
        row.set("diff_skipped", std::to_string(d.skipped_lines));
        break;
      case formats::DiffLine::Kind::removed:
        row.set("diff_class", std::string("diff-removed"));
        row.set("diff_mark", std::string("-"));
        row.set("diff_kind", std::string("removed"));
        break;
      case formats::DiffLine::Kind::added:
        row.set("diff_class", std::string("diff-added"));
        row.set("diff_mark", std::string("+"));
        row.set("diff_kind", std::string("added"));
        break;
      case formats::DiffLine::Kind::kept:
        row.set("diff_class", std::string("diff-kept"));
        row.set("diff_mark", std::string(" "));
        row.set("diff_kind", std::string("unchanged"));
        break;
    }
    row.set("diff_old", number(d.old_line));
    row.set("diff_new", number(d.new_line));
    row.set("diff_text", d.text);
    rows.push_back(row);
  }
  return rows;
}

class PolicyEditorPages {
 public:
  explicit PolicyEditorPages(store::Store& store) : store_(store) {}

  Response show(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::manage);
    return editor(c, program, bh::status::ok, program.source, {});
  }

  // Checks without saving: the answer is the check's result, mistakes or none.
  Response check_text(DeskContext& c) {
    Submitted s = submitted(c);
    return editor(c, s.program, bh::status::ok, s.source, s.checked.problems,
                  s.checked.problems.empty());
  }

  // What saving would change, with a Save button carrying exactly the reviewed text.
  Response review(DeskContext& c) {
    Submitted s = submitted(c);
    if (!s.checked.problems.empty()) {
      return editor(c, s.program, bh::status::unprocessable_entity, s.source, s.checked.problems);
    }
    return review_page(c, s.program, bh::status::ok, s.source, {});
  }

  Response save(DeskContext& c) {
    auto [program, source, checked] = submitted(c);
    const std::string& slug = program.policy.identity.slug;
    if (!checked.problems.empty()) {
      return editor(c, program, bh::status::unprocessable_entity, source, checked.problems);
    }
    // The revision the review page's Save button carries (a program's revisions start at 1).
    auto revision = path_key(c.field("revision"));
    if (!revision) return changed_since_review(c, program, source);
    try {
      store_.apply_programs({{*checked.policy, source, *revision}}, c.caller().email);
    } catch (const Refusal& r) {
      if (r.kind() == Refusal::Kind::conflict && r.field() == "revision") {
        return changed_since_review(c, program, source);
      }
      Problems problems;
      problems.others.push_back(r.field().empty() ? std::string(r.what())
                                                  : r.field() + ": " + r.what());
      return editor(c, program, status_of(r), source, problems);
    }
    return see_other(c.request, settings_url(c.site, slug, "/policy"));
  }

 private:
  // The text the form submitted for the program, with what the check found in it.
  struct Submitted {
    store::Program program;
    std::string source;
    Checked checked;
  };

  Submitted submitted(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::manage);
    std::string source = unix_lines(c.field("source"));
    Checked checked = check(source, program.policy.identity.slug);
    return {std::move(program), std::move(source), std::move(checked)};
  }

  TemplateData editor_data(DeskContext& c, const store::Program& program, const std::string& source,
                           const Problems& problems) {
    const std::string& slug = program.policy.identity.slug;
    TemplateData page = settings_frame_data(c, program, "Policy");
    page.set("source", source);
    page.set("updated_at", format_time(program.updated_at));
    page.set("check_action", settings_url(c.site, slug, "/policy/check"));
    page.set("review_action", settings_url(c.site, slug, "/policy/review"));
    page.set("save_action", settings_url(c.site, slug, "/policy"));
    page.set("max_kib", std::to_string(kMaxPolicyBytes / 1024));
    if (!problems.empty()) {
      page.set("errors", error_rows(problems));
      page.set("error_count", std::to_string(problems.errors.size() + problems.others.size()));
    }
    return page;
  }

  Response editor(DeskContext& c, const store::Program& program, bh::status status,
                  const std::string& source, const Problems& problems, bool passed = false) {
    TemplateData page = editor_data(c, program, source, problems);
    if (passed) page.set("check_passed", true);
    return private_page(c.request, status, "settings_policy", page);
  }

  // The store refused the save because the policy is no longer the revision reviewed (or the
  // form carried none): the review again, against the policy as it is now.
  Response changed_since_review(DeskContext& c, const store::Program& program,
                                const std::string& source) {
    return review_page(c, program, bh::status::conflict, source,
                       "Someone saved the policy after you reviewed it: here is what your text "
                       "changes in the policy as it is now. Review it and save again.");
  }

  Response review_page(DeskContext& c, const store::Program& program, bh::status status,
                       const std::string& source, const std::string& notice) {
    const std::string& slug = program.policy.identity.slug;
    TemplateData page = editor_data(c, program, source, {});
    // The revision is read before the text it is compared with: if a save comes between them,
    // the Save button carries an older revision and is refused, never a newer one.
    std::int64_t revision = store_.program_revision(slug).value_or(0);
    auto current = store_.find_program(slug);
    auto diff = formats::line_diff(current ? current->source : program.source, source);
    page.set("reviewing", true);
    page.set("diff", diff_rows(diff));
    page.set("has_changes", !diff.empty());
    page.set("revision", std::to_string(revision));
    if (!notice.empty()) page.set("review_notice", notice);
    return private_page(c.request, status, "settings_policy", page);
  }

  store::Store& store_;
};

}  // namespace

void add_policy_editor_pages(Router& router, store::Store& store, const Site& site,
                             const SessionRules& rules) {
  auto pages = std::make_shared<PolicyEditorPages>(store);
  auto page = [&](auto member) {
    return desk_page(store.accounts(), site, rules,
                     [pages, member](DeskContext& c) { return ((*pages).*member)(c); });
  };
  const std::string base = "/desk/programs/{slug}/settings/policy";
  router.add(bh::verb::get, base, page(&PolicyEditorPages::show));
  router.add(bh::verb::post, base, page(&PolicyEditorPages::save));
  router.add(bh::verb::post, base + "/check", page(&PolicyEditorPages::check_text));
  router.add(bh::verb::post, base + "/review", page(&PolicyEditorPages::review));
  // The text travels URL-encoded: up to three bytes for each byte of the largest policy.
  for (const std::string& route : {base, base + "/check", base + "/review"}) {
    router.limit_body(bh::verb::post, route, [](const PathParams&) {
      return 3 * kMaxPolicyBytes + std::uint64_t{64} * 1024;
    });
  }
}

}  // namespace embargo::http
