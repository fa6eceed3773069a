#include "http/desk/report_page_forms.h"

#include "core/state.h"
#include "core/text.h"
#include "formats/policy_words.h"
#include "formats/state_words.h"
#include "http/page_data.h"
#include "http/score_fields.h"
#include "scoring/version_support.h"
#include "store/triage_checks.h"

namespace embargo::http {
namespace {

using kainjow::mustache::list;
using kainjow::mustache::object;

// Sets `key` to the problem of form field `name`, when it has one.
void set_error(TemplateData& page, const FormInput& input, std::string_view name,
               const std::string& key) {
  auto it = input.errors.find(name);
  if (it != input.errors.end()) page.set(key, it->second);
}

const CannedResponse* chosen_canned(const ReportView& view) {
  if (!view.canned_key) return nullptr;
  for (const auto& canned : view.canned) {
    if (canned.key == *view.canned_key) return &canned;
  }
  return nullptr;
}

void add_attachments(TemplateData& page, const Policy& policy) {
  const Attachments& files = policy.form.attachments;
  if (!files.allowed) return;
  page.set("message_files_allowed", true);
  page.set("message_files_sentence", formats::attachments_sentence(files));
  if (files.max_files != 1) page.set("message_files_multiple", true);
  std::string accept = joined(files.extensions, ",");
  if (!accept.empty()) page.set("message_files_accept", accept);
}

// Who may handle the report: the program's handlers and owners, and whoever handles it now
// (someone who has since left the program is kept, so that saving the form does not drop them).
list handler_options(const ReportView& view, const std::string& chosen) {
  list options;
  TemplateData nobody = object{};
  nobody.set("member_email", std::string());
  nobody.set("member_words", std::string("Nobody"));
  if (chosen.empty()) nobody.set("member_selected", true);
  options.push_back(nobody);
  bool listed = chosen.empty();
  for (const auto& member : view.members) {
    if (member.role == Role::viewer) continue;
    TemplateData row = object{};
    row.set("member_email", member.email);
    row.set("member_words", member.email + " (" + std::string(to_string(member.role)) + ")");
    if (member.email == chosen) {
      row.set("member_selected", true);
      listed = true;
    }
    options.push_back(row);
  }
  if (!listed) {
    TemplateData row = object{};
    row.set("member_email", chosen);
    row.set("member_words", chosen + " (no longer a handler of this program)");
    row.set("member_selected", true);
    options.push_back(row);
  }
  return options;
}

list severity_options(const std::string& chosen) {
  list options;
  auto add = [&](const std::string& value, const std::string& words) {
    TemplateData row = object{};
    row.set("severity_value", value);
    row.set("severity_option", words);
    if (value == chosen) row.set("severity_selected", true);
    options.push_back(row);
  };
  add("", "Unchanged (a new CVSS vector sets it from its score)");
  add("none", "Not rated");
  for (Severity s : {Severity::low, Severity::medium, Severity::high, Severity::critical}) {
    add(std::string(to_string(s)), std::string(to_string(s)));
  }
  return options;
}

// Each affected version the report has, with whether the program supports it.
list support_rows(const ReportView& view) {
  list rows;
  for (const auto& entry : view.report.triage.affected_versions) {
    TemplateData row = object{};
    row.set("version_entry", entry);
    auto support = store::version_support(view.policy.versions, entry);
    row.set("version_support", std::string(scoring::to_string(support)));
    if (support == scoring::VersionSupport::unsupported) row.set("version_unsupported", true);
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

void add_message_form(TemplateData& page, const ReportView& view, const FormInput& input) {
  const CannedResponse* canned = chosen_canned(view);
  list options;
  for (const auto& c : view.canned) {
    TemplateData row = object{};
    row.set("canned_key", std::to_string(c.key));
    row.set("canned_title", c.title);
    if (c.internal) row.set("canned_internal", true);
    if (canned == &c) row.set("canned_selected", true);
    options.push_back(row);
  }
  page.set("canned_options", options);
  page.set("has_canned", !view.canned.empty());

  std::string body = value_or(input, "body", canned ? canned->body : std::string());
  std::string fallback = canned && !canned->internal ? "reporter" : "internal";
  std::string visibility = value_or(input, "visibility", fallback);
  page.set("message_body", body);
  page.set(visibility == "reporter" ? "reply_checked" : "note_checked", true);
  if (value_or(input, "confirm_reporter", "") == "yes") page.set("confirm_checked", true);
  set_error(page, input, "message", "message_error");
  set_error(page, input, "body", "body_error");
  set_error(page, input, "confirm_reporter", "confirm_error");
  set_error(page, input, "attachments", "files_error");
  add_attachments(page, view.policy);
}

void add_transition_form(TemplateData& page, const ReportView& view, const FormInput& input) {
  State from = view.report.state;
  std::string chosen = value_or(input, "to", "");
  list options;
  for (const auto& rule : transition_rules()) {
    if (rule.from != from || rule.actor != Actor::team) continue;
    std::string to(to_string(rule.to));
    std::string words(formats::state_title(rule.to));
    if (rule.needs_reason) {
      bool told = reason_is_for_reporter(rule.to);
      words += told ? " (reason required; the reporter reads it)" : " (reason required)";
    }
    TemplateData row = object{};
    row.set("to_value", to);
    row.set("to_words", words);
    if (chosen == to) row.set("to_selected", true);
    options.push_back(row);
  }
  page.set("has_transitions", !options.empty());
  page.set("to_options", options);
  page.set("transition_from", std::string(to_string(from)));
  page.set("transition_from_words", std::string(formats::state_title(from)));
  page.set("transition_reason_value", value_or(input, "reason", ""));
  page.set("duplicate_of_value", value_or(input, "duplicate_of", ""));
  set_error(page, input, "to", "to_error");
  set_error(page, input, "reason", "reason_error");
  set_error(page, input, "duplicate_of", "duplicate_of_error");
  set_error(page, input, "transition", "transition_error");
}

void add_triage_form(TemplateData& page, const ReportView& view, const FormInput& input) {
  const Triage& triage = view.report.triage;
  std::string vector = value_or(input, "cvss_vector", triage.cvss_vector);
  page.set("cvss_vector_value", vector);
  if (value_or(input, "action", "") == "score") page.set("score_checked", true);
  if (!vector.empty()) {
    std::string problem;
    if (auto words = cvss_score_words(vector, &problem)) page.set("cvss_score", *words);
  }
  page.set("severity_options", severity_options(value_or(input, "severity", "")));
  page.set("current_severity", view.report.severity ? std::string(to_string(*view.report.severity))
                                                    : std::string("not rated"));
  std::string cwe = triage.cwe ? "CWE-" + std::to_string(*triage.cwe) : std::string();
  page.set("cwe_value", value_or(input, "cwe", cwe));
  page.set("cwe_suggestions", cwe_suggestions());
  page.set("affected_value",
           value_or(input, "affected_versions", joined(triage.affected_versions, "\n")));
  page.set("fixed_value", value_or(input, "fixed_versions", joined(triage.fixed_versions, "\n")));
  page.set("version_support_rows", support_rows(view));
  page.set("has_affected", !triage.affected_versions.empty());
  page.set("handler_options", handler_options(view, value_or(input, "handler", triage.handler)));
  page.set("backup_options",
           handler_options(view, value_or(input, "backup_handler", triage.backup_handler)));
  page.set("labels_value", value_or(input, "labels", joined(triage.labels, ", ")));
  for (const char* field : {"cvss_vector", "severity", "cwe", "affected_versions", "fixed_versions",
                            "handler", "backup_handler", "labels", "triage"}) {
    set_error(page, input, field, std::string(field) + "_error");
  }
}

}  // namespace embargo::http
