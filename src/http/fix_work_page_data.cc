#include "http/fix_work_page_data.h"

#include "formats/clock_words.h"

namespace embargo::http {
namespace {

using kainjow::mustache::list;
using kainjow::mustache::object;

void set_error(TemplateData& page, const FormInput& input, const std::string& form) {
  auto it = input.errors.find(form);
  if (it != input.errors.end()) page.set(form + "_error", it->second);
}

}  // namespace

void add_fix_work(TemplateData& page, const Report& report, const Calendar& calendar) {
  if (!report.expected_fixes.empty()) {
    const ExpectedFix& current = report.expected_fixes.back();
    TemplateData fix = object{};
    fix.set("fix_on", current.fix_on);
    fix.set("evaluation", current.evaluation);
    fix.set("set_at", formats::local_time_words(current.at, calendar));
    page.set("expected_fix", fix);
    list moves;
    for (std::size_t i = 1; i < report.expected_fixes.size(); ++i) {
      const ExpectedFix& move = report.expected_fixes[i];
      moves.emplace_back(formats::local_time_words(move.at, calendar) + ": from " +
                         report.expected_fixes[i - 1].fix_on + " to " + move.fix_on + ", " +
                         move.reason);
    }
    if (!moves.empty()) {
      page.set("expected_fix_moves", moves);
      page.set("has_moves", true);
    }
  }
  list verifications;
  for (const auto& v : report.verifications) {
    if (!v.answered_at) continue;
    TemplateData row = object{};
    row.set("fixed_in", v.fixed_in);
    row.set("answered_at", formats::local_time_words(*v.answered_at, calendar));
    row.set("answer", std::string(*v.fixed ? "fixed" : "still vulnerable"));
    if (!v.because.empty()) row.set("because", v.because);
    verifications.emplace_back(row);
  }
  if (!verifications.empty()) page.set("verifications", verifications);
  if (!report.verifications.empty() && !report.verifications.back().answered_at) {
    const FixVerification& open = report.verifications.back();
    TemplateData request = object{};
    request.set("fixed_in", open.fixed_in);
    request.set("asked_at", formats::local_time_words(open.asked_at, calendar));
    page.set("open_verification", request);
  }
  if (page.get("expected_fix") || page.get("verifications") || page.get("open_verification")) {
    page.set("has_fix_work", true);
  }
}

void add_fix_work_forms(TemplateData& page, const Report& report, const Policy& policy,
                        const FormInput& input) {
  if (is_final(report.state)) return;
  bool replaces = !report.expected_fixes.empty();
  TemplateData form = object{};
  form.set("fix_on", value_or(input, "fix_on",
                              replaces ? report.expected_fixes.back().fix_on : std::string()));
  form.set("evaluation",
           value_or(input, "evaluation",
                    replaces ? report.expected_fixes.back().evaluation : std::string()));
  form.set("reason", value_or(input, "reason", ""));
  if (replaces) form.set("replaces", true);
  page.set("expected_fix_form", form);
  set_error(page, input, "expected_fix");
  bool in_the_works = report.state == State::fixing || report.state == State::fixed;
  bool waiting = !report.verifications.empty() && !report.verifications.back().answered_at;
  if (policy.disclosure.reporter_may_verify && in_the_works && !waiting) {
    TemplateData verify = object{};
    verify.set("fixed_in", value_or(input, "fixed_in", ""));
    verify.set("body", value_or(input, "verification_body", ""));
    page.set("verification_form", verify);
  }
  set_error(page, input, "verification");
}

}  // namespace embargo::http
