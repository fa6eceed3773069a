#include "formats/policy_json.h"

#include <array>
#include <boost/json/array.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/duration.h"
#include "core/report_field.h"
#include "core/severity.h"

namespace embargo::formats {
namespace json = boost::json;

namespace {

// Day numbers as the policy file counts them (0 = Sunday).
constexpr std::array<std::string_view, 7> kDayNames = {"sunday",   "monday", "tuesday", "wednesday",
                                                       "thursday", "friday", "saturday"};

// A text the policy may leave out: null when it does.
json::value text_or_null(const std::string& text) {
  return text.empty() ? json::value() : json::value(text);
}

json::array strings(const std::vector<std::string>& items) {
  json::array out;
  for (const auto& item : items) out.emplace_back(item);
  return out;
}

std::string_view unit_name(Duration::Unit unit) {
  switch (unit) {
    case Duration::Unit::hours:
      return "hours";
    case Duration::Unit::days:
      return "days";
    case Duration::Unit::business_days:
      return "business_days";
  }
  return "hours";
}

// A promised time both ways: as numbers for programs and in plain words for people.
json::object duration_to_json(const Duration& d) {
  return {{"amount", d.amount}, {"unit", unit_name(d.unit)}, {"text", describe_duration(d)}};
}

json::value duration_or_null(const std::optional<Duration>& d) {
  return d ? json::value(duration_to_json(*d)) : json::value();
}

json::object sla_to_json(const Sla& sla) {
  json::object resolution;
  for (const auto& [severity, duration] : sla.resolution) {
    resolution[to_string(severity)] = duration_to_json(duration);
  }
  return {{"acknowledge", duration_or_null(sla.acknowledge)},
          {"triage", duration_or_null(sla.triage)},
          {"triage_starts",
           sla.triage_starts == Sla::TriageStart::report ? "report" : "acknowledgement"},
          {"status_update", duration_or_null(sla.status_update)},
          {"status_update_repeats", sla.status_update_repeats},
          {"resolution", std::move(resolution)}};
}

json::object calendar_to_json(const Calendar& calendar) {
  json::array weekend;
  for (int day : calendar.weekend) {
    if (day >= 0 && day < static_cast<int>(kDayNames.size())) weekend.emplace_back(kDayNames[day]);
  }
  return {{"time_zone", calendar.time_zone},
          {"weekend", std::move(weekend)},
          {"holidays", strings(calendar.holidays)}};
}

json::object versions_to_json(const Versions& versions) {
  json::array supported;
  for (const auto& range : versions.supported) {
    supported.push_back(json::object{{"range", range.range},
                                     {"supported", range.supported},
                                     {"note", text_or_null(range.note)}});
  }
  return {{"scheme", to_string(versions.scheme)},
          {"supported", std::move(supported)},
          {"prerelease", to_string(versions.prerelease)},
          {"prerelease_note", text_or_null(versions.prerelease_note)}};
}

json::object form_to_json(const Form& form) {
  json::array fields;
  for (const auto& f : form.fields) {
    const ReportFieldInfo& field = info(f.field);
    fields.push_back(json::object{{"name", field.name},
                                  {"label", f.label.empty() ? std::string(field.label) : f.label},
                                  {"help", text_or_null(f.help)},
                                  {"required", f.required},
                                  {"max_bytes", field.max_bytes},
                                  {"multiline", field.multiline}});
  }
  const Attachments& a = form.attachments;
  json::object attachments{
      {"allowed", a.allowed},
      {"extensions", strings(a.extensions)},
      {"max_bytes", a.max_bytes > 0 ? json::value(a.max_bytes) : json::value()},
      {"max_files", a.max_files},
      {"note", text_or_null(a.note)}};
  return {{"fields", std::move(fields)},
          {"anonymous_allowed", form.anonymous_allowed},
          {"consent_required", form.consent_required},
          {"attachments", std::move(attachments)}};
}

json::object rewards_to_json(const Rewards& rewards) {
  json::object table;
  for (const auto& [severity, amount] : rewards.table) {
    table[to_string(severity)] = json::object{{"min", amount.min}, {"max", amount.max}};
  }
  return {{"kind", to_string(rewards.kind)},
          {"currency", text_or_null(rewards.currency)},
          {"table", std::move(table)},
          {"note", text_or_null(rewards.note)}};
}

json::object credit_to_json(const Credit& credit) {
  return {{"default", to_string(credit.by_default)},
          {"anonymous_allowed", credit.anonymous_allowed},
          {"where", strings(credit.where)},
          {"private_for_duplicates", credit.private_for_duplicates},
          {"private_for_low_impact", credit.private_for_low_impact},
          {"note", text_or_null(credit.note)}};
}

json::object disclosure_to_json(const Disclosure& disclosure) {
  return {{"embargo", duration_or_null(disclosure.embargo)},
          {"starts", to_string(disclosure.starts)},
          {"reporter_may_verify", disclosure.reporter_may_verify},
          {"advisory_channels", strings(disclosure.advisory_channels)},
          {"steps", strings(disclosure.steps)}};
}

json::object texts_to_json(const Texts& texts) {
  return {{"intro", text_or_null(texts.intro)},
          {"safe_harbor", text_or_null(texts.safe_harbor)},
          {"safe_harbor_conditions", strings(texts.safe_harbor_conditions)},
          {"safe_harbor_void", text_or_null(texts.safe_harbor_void)},
          {"rules", strings(texts.rules)},
          {"promises", strings(texts.promises)},
          {"closing", text_or_null(texts.closing)}};
}

json::object intake_to_json(const Intake& intake) {
  return {{"web_form", intake.web_form},
          {"api", intake.api},
          {"email", intake.email},
          {"encrypted_email_preferred", intake.encrypted_email_preferred},
          {"links_allowed", intake.links_allowed}};
}

}  // namespace

json::object policy_to_json(const Policy& policy) {
  const Identity& id = policy.identity;
  const Contacts& contacts = policy.contacts;
  return {
      {"slug", id.slug},
      {"name", id.name},
      {"homepage", text_or_null(id.homepage)},
      {"languages", strings(id.languages)},
      {"last_updated", text_or_null(id.last_updated)},
      {"contacts",
       {{"email", text_or_null(contacts.email)},
        {"pgp_key_url", text_or_null(contacts.pgp_key_url)},
        {"questions_email", text_or_null(contacts.questions_email)},
        {"note", text_or_null(contacts.note)}}},
      {"intake", intake_to_json(policy.intake)},
      {"calendar", promises_count_days(policy) ? json::value(calendar_to_json(policy.calendar))
                                               : json::value()},
      {"sla", sla_to_json(policy.sla)},
      {"scope",
       {{"in", strings(policy.scope.in)},
        {"out", strings(policy.scope.out)},
        {"third_party", text_or_null(policy.scope.third_party)}}},
      {"versions", versions_to_json(policy.versions)},
      {"form", form_to_json(policy.form)},
      {"rewards", rewards_to_json(policy.rewards)},
      {"credit", credit_to_json(policy.credit)},
      {"disclosure", disclosure_to_json(policy.disclosure)},
      {"texts", texts_to_json(policy.texts)},
  };
}

json::object program_summary_to_json(const Policy& policy) {
  return {{"slug", policy.identity.slug},
          {"name", policy.identity.name},
          {"homepage", text_or_null(policy.identity.homepage)},
          {"intake", intake_to_json(policy.intake)}};
}

}  // namespace embargo::formats
