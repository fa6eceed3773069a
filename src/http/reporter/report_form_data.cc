#include "http/reporter/report_form_data.h"

#include <algorithm>
#include <variant>
#include <vector>

#include "formats/policy_words.h"
#include "http/page_data.h"
#include "http/reporter/cvss_picker.h"
#include "http/score_fields.h"
#include "scoring/cvss.h"
#include "scoring/cwe.h"

namespace embargo::http {
namespace {

using kainjow::mustache::list;
using kainjow::mustache::object;

std::string value_of(const FormInput& input, std::string_view name) {
  auto it = input.values.find(name);
  return it == input.values.end() ? std::string() : it->second;
}

// Sets `key` to the problem of form field `name`, when it has one.
void set_error(TemplateData& data, const FormInput& input, std::string_view name,
               const std::string& key = "error") {
  auto it = input.errors.find(name);
  if (it != input.errors.end()) data.set(key, it->second);
}

// The element id of a form field: what labels, error links and aria-describedby point at.
std::string field_id(std::string_view name) { return "f-" + std::string(name); }

TemplateData option(std::string_view value, std::string_view words, bool selected) {
  TemplateData out = object{};
  out.set("value", std::string(value));
  out.set("words", std::string(words));
  if (selected) out.set("selected", true);
  return out;
}

TemplateData severity_options(const std::string& chosen) {
  list options;
  for (std::string_view s : {"low", "medium", "high", "critical"}) {
    std::string words(s);
    words[0] = static_cast<char>(words[0] - 'a' + 'A');
    options.push_back(option(s, words, chosen == s));
  }
  return options;
}

// The live score's starting text: what the vector in the field scores, or why it does not.
void add_cvss_result(TemplateData& field, const std::string& vector) {
  if (vector.empty()) return;
  std::string problem;
  if (auto words = cvss_score_words(vector, &problem)) {
    field.set("cvss_result", *words);
  } else if (!field.get("error")) {
    field.set("error", problem);
  }
}

list cvss_picker(const FormInput& input) {
  list questions;
  for (const auto& q : cvss_questions()) {
    std::string name = cvss_field_name(q.metric);
    std::string chosen = value_of(input, name);
    TemplateData row = object{};
    row.set("name", name);
    row.set("id", field_id(name));
    row.set("metric", std::string(q.metric));
    row.set("question", std::string(q.question));
    list choices;
    for (const auto& c : q.choices) choices.push_back(option(c.value, c.words, chosen == c.value));
    row.set("choices", choices);
    questions.push_back(row);
  }
  return questions;
}

TemplateData field_data(const FormField& field, const FormInput& input) {
  const ReportFieldInfo& about = info(field.field);
  std::string name(about.name);
  TemplateData out = object{};
  out.set("name", name);
  out.set("id", field_id(name));
  out.set("label", field.label.empty() ? std::string(about.label) : field.label);
  if (field.required) out.set("required", true);
  if (!field.help.empty()) out.set("help", field.help);
  std::string value = value_of(input, name);
  out.set("value", value);
  set_error(out, input, name);
  switch (field.field) {
    case ReportField::severity:
      out.set("severity", true);
      out.set("options", severity_options(value));
      break;
    case ReportField::cvss_vector:
      out.set("cvss", true);
      out.set("picker", cvss_picker(input));
      add_cvss_result(out, value);
      break;
    case ReportField::cwe:
      out.set("cwe", true);
      break;
    case ReportField::reporter_email:
      out.set("email", true);
      break;
    default:
      out.set(about.multiline ? "multiline" : "line", true);
  }
  return out;
}

// Which way of being credited is checked: the reporter's last answer, else the policy's default
// (a program that asks leaves the choice to the reporter).
std::string chosen_credit(const Policy& policy, const FormInput& input) {
  std::string chosen = value_of(input, "credit");
  if (!chosen.empty()) return chosen;
  switch (policy.credit.by_default) {
    case Credit::Default::public_credit:
      return "name";
    case Credit::Default::private_credit:
      return policy.credit.anonymous_allowed ? "anonymous" : "";
    case Credit::Default::ask:
      return "";
  }
  return "";
}

void add_credit(TemplateData& page, const Policy& policy, const FormInput& input) {
  std::string chosen = chosen_credit(policy, input);
  list choices;
  auto add = [&](std::string_view value, std::string_view words) {
    TemplateData c = option(value, words, chosen == value);
    c.set("id", field_id("credit-" + std::string(value)));
    choices.push_back(c);
  };
  // A form with a name field has the name already: the box below it is for a handle only.
  const bool has_name_field = policy.form.find(ReportField::reporter_name) != nullptr;
  add("name", has_name_field ? "By the name I gave above" : "By my name");
  add("handle", "By a handle or nickname");
  if (policy.credit.anonymous_allowed) add("anonymous", "Not at all: keep me anonymous");
  page.set("credit_choices", choices);
  page.set("credit_text", value_of(input, "credit_text"));
  page.set("credit_text_label", std::string(has_name_field ? "Handle or nickname, if you chose one"
                                                           : "Name or handle to credit"));
  set_error(page, input, "credit", "credit_error");
  list sentences;
  for (auto& sentence : formats::credit_sentences(policy)) sentences.emplace_back(sentence);
  page.set("credit_sentences", sentences);
}

void add_consent(TemplateData& page, const Policy& policy, const FormInput& input,
                 const Site& site) {
  if (!policy.form.consent_required) return;
  page.set("consent_required", true);
  if (value_of(input, "consent") == "yes") page.set("consent_checked", true);
  page.set("policy_url", site.path + "/p/" + policy.identity.slug);
  list rules;
  for (const auto& rule : policy.texts.rules) rules.emplace_back(rule);
  if (!policy.texts.rules.empty()) {
    page.set("rules", rules);
    page.set("has_rules", true);
  }
  set_error(page, input, "consent", "consent_error");
}

void add_attachments(TemplateData& page, const Policy& policy, const FormInput& input) {
  const Attachments& files = policy.form.attachments;
  if (!files.allowed) {
    page.set("no_attachments", true);
  } else {
    page.set("attachments_allowed", true);
    page.set("attachments_sentence", formats::attachments_sentence(files));
    if (!files.note.empty()) page.set("attachments_note", files.note);
    if (files.max_files != 1) page.set("attachments_multiple", true);
    std::string accept;
    for (const auto& ext : files.extensions) accept += (accept.empty() ? "" : ",") + ext;
    if (!accept.empty()) page.set("accept", accept);
  }
  set_error(page, input, "attachments", "attachments_error");
}

// What the form calls each of its parts, for the summary's messages.
std::string label_of(const Policy& policy, const std::string& name) {
  if (auto field = parse_report_field(name)) {
    for (const auto& f : policy.form.shown_fields()) {
      if (f.field == *field) return f.label.empty() ? std::string(info(f.field).label) : f.label;
    }
    return std::string(info(*field).label);
  }
  if (name == "credit") return "Credit";
  if (name == "consent") return "Agreement to the rules";
  if (name == "attachments") return "Files";
  return {};
}

// A problem in the reporter's words: the rules name a field by its code ("consent: ...") or by
// its label ("Vulnerability Title: required"); beside the field its label is already shown, and
// the summary says it once in front.
std::string bare_problem(std::string message, const std::string& name, const std::string& label) {
  for (const std::string& prefix : {name + ": ", label + ": "}) {
    if (!prefix.starts_with(": ") && message.starts_with(prefix)) message.erase(0, prefix.size());
  }
  if (!message.empty() && message[0] >= 'a' && message[0] <= 'z') {
    message[0] = static_cast<char>(message[0] - 'a' + 'A');
  }
  return message;
}

FormInput with_bare_problems(const Policy& policy, FormInput input) {
  for (auto& [name, message] : input.errors) {
    message = bare_problem(message, name, label_of(policy, name));
  }
  return input;
}

// Every problem once, in form order, for the summary at the top that links to each field.
list error_summary(const Policy& policy, const FormInput& input) {
  std::vector<std::string> order{"form"};
  for (const auto& f : policy.form.shown_fields()) order.emplace_back(info(f.field).name);
  for (const char* name : {"credit", "consent", "attachments"}) order.emplace_back(name);
  list summary;
  auto add = [&](const std::string& name, const std::string& message) {
    TemplateData row = object{};
    std::string label = name == "form" ? std::string() : label_of(policy, name);
    if (name != "form") row.set("href", "#" + field_id(name));
    row.set("message", label.empty() ? message : label + ": " + message);
    summary.push_back(row);
  };
  for (const auto& name : order) {
    auto it = input.errors.find(name);
    if (it != input.errors.end()) add(name, it->second);
  }
  for (const auto& [name, message] : input.errors) {
    if (std::find(order.begin(), order.end(), name) == order.end()) add("form", message);
  }
  return summary;
}

}  // namespace

TemplateData report_form_page_data(const Policy& policy, const Site& site, const FormInput& typed,
                                   const std::string& csrf) {
  const FormInput input = with_bare_problems(policy, typed);
  const Identity& id = policy.identity;
  TemplateData page =
      frame_data(site, "Report a vulnerability to " + id.name, id.languages.front());
  page.set("script", static_file_url(site, "cvss_score.js"));
  page.set("name", id.name);
  page.set("program_url", site.path + "/p/" + id.slug);
  page.set("action", site.path + "/p/" + id.slug + "/report");
  page.set("cvss_api", site.path + "/api/v1/cvss");
  page.set("csrf", csrf);
  if (auto token = input.values.find("submission"); token != input.values.end()) {
    page.set("submission", token->second);
  }
  if (!input.errors.empty()) {
    page.set("has_errors", true);
    page.set("error_summary", error_summary(policy, input));
  }
  list fields;
  bool wants_cwe = false;
  for (const auto& field : policy.form.shown_fields()) {
    fields.push_back(field_data(field, input));
    wants_cwe = wants_cwe || field.field == ReportField::cwe;
  }
  page.set("fields", fields);
  if (wants_cwe) {
    page.set("has_cwe", true);
    page.set("cwe_suggestions", cwe_suggestions());
  }
  if (!policy.intake.links_allowed) page.set("no_links", true);
  if (policy.form.anonymous_allowed) page.set("anonymous_allowed", true);
  add_credit(page, policy, input);
  add_consent(page, policy, input, site);
  add_attachments(page, policy, input);
  return page;
}

}  // namespace embargo::http
