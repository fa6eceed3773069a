#include "core/policy.h"

#include <algorithm>
#include <cctype>

namespace embargo {

bool is_program_slug(std::string_view text) {
  constexpr std::size_t kMaxSlug = 40;
  auto lower_alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  return !text.empty() && text.size() <= kMaxSlug && lower_alnum(text.front()) &&
         std::all_of(text.begin(), text.end(), [&](char c) { return lower_alnum(c) || c == '-'; });
}

std::string default_id_prefix(std::string_view slug) {
  std::string out;
  for (char c : slug) {
    if (c != '-') out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

MeasuredTimes measured_times(const Policy& policy) {
  const Sla& promised = policy.sla;
  const Sla& target = policy.targets.times;
  MeasuredTimes m;
  m.acknowledge_promised = promised.acknowledge.has_value();
  m.times.acknowledge = m.acknowledge_promised ? promised.acknowledge : target.acknowledge;
  m.triage_promised = promised.triage.has_value();
  const Sla& triage = m.triage_promised ? promised : target;
  m.times.triage = triage.triage;
  m.times.triage_starts = triage.triage_starts;
  m.status_update_promised = promised.status_update.has_value();
  const Sla& update = m.status_update_promised ? promised : target;
  m.times.status_update = update.status_update;
  m.times.status_update_repeats = update.status_update_repeats;
  for (const auto& [severity, time] : target.resolution) {
    m.times.resolution[severity] = time;
    m.resolution_promised[severity] = false;
  }
  for (const auto& [severity, time] : promised.resolution) {
    m.times.resolution[severity] = time;
    m.resolution_promised[severity] = true;
  }
  m.disclosure_promised = policy.disclosure.embargo.has_value();
  m.disclosure = m.disclosure_promised ? policy.disclosure.embargo : policy.targets.disclosure;
  return m;
}

bool promises_count_days(const Policy& policy) {
  auto counts_days = [](const std::optional<Duration>& d) {
    return d && d->unit != Duration::Unit::hours;
  };
  const Sla& sla = policy.sla;
  bool any = counts_days(sla.acknowledge) || counts_days(sla.triage) ||
             counts_days(sla.status_update) || counts_days(policy.disclosure.embargo);
  for (const auto& [severity, time] : sla.resolution) any = any || counts_days(time);
  return any;
}

Calendar published_calendar(const Policy& policy) {
  return promises_count_days(policy) ? policy.calendar : Calendar{};
}

const FormField* Form::find(ReportField f) const {
  for (const auto& field : fields) {
    if (field.field == f) return &field;
  }
  return nullptr;
}

std::vector<FormField> Form::shown_fields() const {
  std::vector<FormField> shown = fields;
  if (find(ReportField::cvss_vector) != nullptr) return shown;
  FormField vector{ReportField::cvss_vector, false, "CVSS 4.0 vector",
                   "Optional: if you have scored the vulnerability, or answer the questions "
                   "below and the score is worked out for you."};
  auto severity = std::find_if(shown.begin(), shown.end(),
                               [](const FormField& f) { return f.field == ReportField::severity; });
  shown.insert(severity == shown.end() ? shown.end() : severity + 1, vector);
  return shown;
}

std::string_view to_string(Versions::Scheme s) {
  switch (s) {
    case Versions::Scheme::semver:
      return "semver";
    case Versions::Scheme::pep440:
      return "pep440";
    case Versions::Scheme::generic:
      return "generic";
  }
  return "generic";
}

std::string_view to_string(Versions::Prerelease p) {
  switch (p) {
    case Versions::Prerelease::unstated:
      return "unstated";
    case Versions::Prerelease::supported:
      return "supported";
    case Versions::Prerelease::best_effort:
      return "best_effort";
    case Versions::Prerelease::unsupported:
      return "unsupported";
  }
  return "unsupported";
}

std::string_view to_string(Rewards::Kind k) {
  switch (k) {
    case Rewards::Kind::unstated:
      return "unstated";
    case Rewards::Kind::none:
      return "none";
    case Rewards::Kind::case_by_case:
      return "case_by_case";
    case Rewards::Kind::table:
      return "table";
  }
  return "none";
}

std::string_view to_string(Credit::Default d) {
  switch (d) {
    case Credit::Default::public_credit:
      return "public";
    case Credit::Default::ask:
      return "ask";
    case Credit::Default::private_credit:
      return "private";
  }
  return "ask";
}

std::string_view to_string(Disclosure::Start s) {
  return s == Disclosure::Start::report ? "report" : "fix";
}

}  // namespace embargo
