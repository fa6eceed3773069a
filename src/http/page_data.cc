#include "http/page_data.h"

#include <algorithm>

#include "formats/policy_words.h"
#include "formats/security_txt.h"
#include "http/etag.h"
#include "http/web_files.h"

namespace embargo::http {
namespace {

using kainjow::mustache::list;
using kainjow::mustache::object;

}  // namespace

// A static file's address carries a digest of its bytes, so it can be cached for a year and
// still change the moment a new binary serves new bytes.
std::string static_file_url(const Site& site, std::string_view name) {
  std::string path = "static/" + std::string(name);
  const WebFile* file = find_web_file(path);
  std::string etag = strong_etag(file == nullptr ? std::string_view() : file->content);
  return site.path + "/" + path + "?v=" + etag.substr(1, 16);
}

namespace {

list strings(const std::vector<std::string>& items) {
  list out;
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

// Sets `key` only for a non-empty value: templates test presence with {{#key}}.
void set_text(TemplateData& data, const std::string& key, const std::string& value) {
  if (!value.empty()) data.set(key, value);
}

// Sets `key` and `has_key` only for a non-empty list: {{#key}} iterates, so a heading or a <ul>
// around the items is shown with {{#has_key}}.
void set_list(TemplateData& data, const std::string& key, const std::vector<std::string>& items) {
  if (items.empty()) return;
  data.set(key, strings(items));
  data.set("has_" + key, true);
}

TemplateData form_field_data(const FormField& field) {
  TemplateData out = object{};
  out.set("label", field.label.empty() ? std::string(info(field.field).label) : field.label);
  if (field.required) out.set("required", true);
  set_text(out, "help", field.help);
  return out;
}

// How to report: the channels the policy opens, what to include, files, anonymity, contacts.
void add_reporting(TemplateData& page, const Policy& policy, const Site& site) {
  const std::string& slug = policy.identity.slug;
  if (policy.intake.web_form) page.set("report_url", program_url(site, slug) + "/report");
  if (policy.intake.api) {
    page.set("api_url", site.public_url + "/api/v1/programs/" + slug + "/reports");
  }
  if (policy.intake.email) {
    set_text(page, "report_email", policy.contacts.email);
    if (!policy.contacts.email.empty()) {
      page.set("report_email_uri", formats::mailto_uri(policy.contacts.email));
    }
    // A program that names no address says in its note where to write.
    if (policy.contacts.email.empty()) set_text(page, "report_email_note", policy.contacts.note);
  }
  if (!policy.intake.links_allowed) page.set("no_links", true);

  list fields;
  for (const auto& field : policy.form.fields) fields.push_back(form_field_data(field));
  page.set("fields", fields);

  const Attachments& files = policy.form.attachments;
  if (files.allowed) {
    page.set("attachments", formats::attachments_sentence(files));
  } else {
    page.set("no_attachments", true);
  }
  set_text(page, "attachments_note", files.note);
  if (policy.form.anonymous_allowed) page.set("anonymous_allowed", true);
  if (policy.intake.web_form && policy.form.consent_required) page.set("consent_required", true);

  set_text(page, "questions_email", policy.contacts.questions_email);
  if (!policy.contacts.questions_email.empty()) {
    page.set("questions_email_uri", formats::mailto_uri(policy.contacts.questions_email));
  }
  if (!page.get("report_email_note")) set_text(page, "contact_note", policy.contacts.note);
}

void add_response_times(TemplateData& page, const Policy& policy) {
  auto times = formats::response_time_sentences(policy);
  // "Promptly" is a promise too, without a number: the program's own words are under its
  // promises, and no number is made up here.
  if (times.empty()) {
    times.emplace_back(policy.texts.promises.empty()
                           ? "This program gives no response times in numbers."
                           : "This program gives no response times in numbers: see what it "
                             "promises below.");
  }
  page.set("response_times", strings(times));
  set_text(page, "business_days", formats::business_days_sentence(policy));
}

void add_scope_and_versions(TemplateData& page, const Policy& policy) {
  const Scope& scope = policy.scope;
  if (!scope.in.empty() || !scope.out.empty() || !scope.third_party.empty()) {
    page.set("has_scope", true);
  }
  set_list(page, "scope_in", scope.in);
  set_list(page, "scope_out", scope.out);
  set_text(page, "third_party", scope.third_party);

  const Versions& versions = policy.versions;
  list ranges;
  for (const auto& range : versions.supported) {
    TemplateData row = object{};
    row.set("range", range.range);
    row.set("supported", range.supported ? std::string("Yes") : std::string("No"));
    row.set("note", range.note);
    ranges.push_back(row);
  }
  if (!ranges.empty()) {
    page.set("versions", ranges);
    page.set("has_version_table", true);
  }
  if (versions.prerelease != Versions::Prerelease::unstated) {
    page.set("prerelease", formats::prerelease_sentence(versions));
  }
  set_text(page, "prerelease_note", versions.prerelease_note);
  if (page.get("versions") || page.get("prerelease")) page.set("has_versions", true);
}

void add_terms(TemplateData& page, const Policy& policy) {
  const Texts& texts = policy.texts;
  set_text(page, "safe_harbor", texts.safe_harbor);
  set_list(page, "safe_harbor_conditions", texts.safe_harbor_conditions);
  set_text(page, "safe_harbor_void", texts.safe_harbor_void);
  if (!texts.safe_harbor.empty() || !texts.safe_harbor_conditions.empty()) {
    page.set("has_safe_harbor", true);
  }
  set_list(page, "rules", texts.rules);
  set_list(page, "promises", texts.promises);
}

void add_rewards_and_credit(TemplateData& page, const Policy& policy) {
  const Rewards& rewards = policy.rewards;
  // A note is the policy's own words on the kind, said instead of Embargo's sentence.
  if (rewards.note.empty() || rewards.kind == Rewards::Kind::table) {
    set_text(page, "rewards", formats::rewards_sentence(policy));
  }
  list table;
  for (Severity s : {Severity::critical, Severity::high, Severity::medium, Severity::low}) {
    auto it = rewards.table.find(s);
    if (it == rewards.table.end()) continue;
    TemplateData row = object{};
    row.set("severity", std::string(to_string(s)));
    row.set("amount", std::to_string(it->second.min) + " to " + std::to_string(it->second.max) +
                          " " + rewards.currency);
    table.push_back(row);
  }
  if (!table.empty()) {
    page.set("reward_table", table);
    page.set("has_reward_table", true);
  }
  set_text(page, "rewards_note", rewards.note);

  page.set("credit", strings(formats::credit_sentences(policy)));
  set_text(page, "credit_note", policy.credit.note);
}

void add_encryption_and_disclosure(TemplateData& page, const Policy& policy) {
  if (!policy.contacts.pgp_key_url.empty()) {
    page.set("pgp_key_url", policy.contacts.pgp_key_url);
    if (policy.intake.encrypted_email_preferred) page.set("encryption_preferred", true);
  }
  set_list(page, "disclosure", formats::disclosure_sentences(policy));
  set_list(page, "disclosure_steps", policy.disclosure.steps);
  if (page.get("has_disclosure") || page.get("has_disclosure_steps")) {
    page.set("has_disclosure_section", true);
  }
}

}  // namespace

TemplateData frame_data(const Site& site, const std::string& title, const std::string& lang) {
  TemplateData data = object{};
  data.set("title", title);
  data.set("lang", lang);
  data.set("stylesheet", static_file_url(site, "style.css"));
  // Named by the page, so browsers do not ask for a /favicon.ico that does not exist.
  data.set("icon", static_file_url(site, "favicon.svg"));
  data.set("home", site.path + "/");
  data.set("lost_link", site.path + "/lost-link");
  return data;
}

std::string program_url(const Site& site, const std::string& slug) {
  return site.path + "/p/" + slug;
}

TemplateData index_page_data(const std::vector<Policy>& policies, const Site& site) {
  TemplateData page = frame_data(site, "Security disclosure programs", "en");
  list programs;
  for (const auto& policy : policies) {
    TemplateData row = object{};
    row.set("name", policy.identity.name);
    row.set("url", program_url(site, policy.identity.slug));
    set_text(row, "summary", formats::first_sentence(policy.texts.intro));
    programs.push_back(row);
  }
  if (!programs.empty()) {
    page.set("programs", programs);
    page.set("has_programs", true);
  }
  return page;
}

TemplateData program_page_data(const Policy& policy, const Site& site) {
  const Identity& id = policy.identity;
  TemplateData page = frame_data(site, id.name + " security policy", id.languages.front());
  page.set("name", id.name);
  set_text(page, "intro", policy.texts.intro);
  set_text(page, "homepage", id.homepage);
  set_text(page, "last_updated", id.last_updated);
  add_reporting(page, policy, site);
  add_response_times(page, policy);
  add_scope_and_versions(page, policy);
  add_terms(page, policy);
  add_rewards_and_credit(page, policy);
  add_encryption_and_disclosure(page, policy);
  set_text(page, "closing", policy.texts.closing);
  page.set("security_txt_url", program_url(site, id.slug) + "/security.txt");
  page.set("security_md_url", program_url(site, id.slug) + "/SECURITY.md");
  page.set("advisories_url", program_url(site, id.slug) + "/advisories");
  const auto& where = policy.credit.where;
  if (std::find(where.begin(), where.end(), "hall_of_fame") != where.end()) {
    page.set("hall_of_fame_url", program_url(site, id.slug) + "/hall-of-fame");
  }
  return page;
}

TemplateData not_found_page_data(const Site& site) {
  return frame_data(site, "Page not found", "en");
}

}  // namespace embargo::http
