#include "formats/policy_words.h"

#include <array>
#include <charconv>

namespace embargo::formats {
namespace {

bool counts_business_days(const std::optional<Duration>& d) {
  return d && d->unit == Duration::Unit::business_days;
}

// "2026-01-01" -> "1 January 2026"; a date in another shape is shown as written.
std::string date_words(const std::string& iso) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  int month = 0;
  int day = 0;
  if (iso.size() != 10 || iso[4] != '-' || iso[7] != '-') return iso;
  auto m = std::from_chars(iso.data() + 5, iso.data() + 7, month);
  auto d = std::from_chars(iso.data() + 8, iso.data() + 10, day);
  if (m.ec != std::errc() || d.ec != std::errc() || month < 1 || month > 12) return iso;
  return std::to_string(day) + " " + std::string(kMonths[static_cast<std::size_t>(month - 1)]) +
         " " + iso.substr(0, 4);
}

// The working days of the week in words: "Monday to Friday", or a list when they are not one
// run from Monday.
std::string working_days(const std::vector<int>& weekend) {
  static constexpr std::array<std::string_view, 7> kDays = {
      "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  std::array<bool, 7> off{};
  for (int day : weekend) {
    if (day >= 0 && day < 7) off[static_cast<std::size_t>(day)] = true;
  }
  std::vector<std::string> names;
  for (std::size_t i = 1; i <= 7; ++i) {  // Monday first
    std::size_t day = i % 7;
    if (!off[day]) names.emplace_back(kDays[day]);
  }
  bool monday_to_friday = names.size() == 5 && off[0] && off[6];
  if (monday_to_friday) return "Monday to Friday";
  return join_words(names);
}

std::string_view channel_words(std::string_view channel) {
  if (channel == "ghsa") return "GitHub Security Advisories";
  if (channel == "osv") return "the OSV database";
  if (channel == "cve") return "CVE records";
  if (channel == "csaf") return "CSAF advisories";
  if (channel == "release_notes") return "the release notes";
  if (channel == "website") return "our website";
  if (channel == "mailing_list") return "our mailing list";
  return channel;
}

std::string_view credit_place_words(std::string_view place) {
  if (place == "advisory") return "the advisory";
  if (place == "release_notes") return "the release notes";
  if (place == "hall_of_fame") return "the hall of fame";
  return place;
}

}  // namespace

std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out += i + 1 == words.size() ? " and " : ", ";
    out += words[i];
  }
  return out;
}

std::vector<std::string> response_time_sentences(const Policy& policy) {
  const Sla& sla = policy.sla;
  std::vector<std::string> out;
  const bool triage_after_acknowledgement = sla.triage_starts == Sla::TriageStart::acknowledgement;
  if (sla.acknowledge && sla.triage && *sla.acknowledge == *sla.triage &&
      !triage_after_acknowledgement) {
    out.push_back("We acknowledge and evaluate reports within " +
                  describe_duration(*sla.acknowledge) + ".");
  } else {
    if (sla.acknowledge) {
      out.push_back("We acknowledge reports within " + describe_duration(*sla.acknowledge) + ".");
    }
    if (sla.triage) {
      out.push_back("We give a substantive evaluation of a report within " +
                    describe_duration(*sla.triage) +
                    (triage_after_acknowledgement ? " of acknowledging it." : " of receiving it."));
    }
  }
  if (sla.status_update && sla.status_update_repeats) {
    out.push_back("While a report is open, you hear from us at least every " +
                  describe_duration(*sla.status_update) + ".");
  } else if (sla.status_update) {
    out.push_back("We send a status update within " + describe_duration(*sla.status_update) +
                  " of receiving a report.");
  }
  if (!sla.resolution.empty()) {
    std::vector<std::string> times;
    for (Severity s : {Severity::critical, Severity::high, Severity::medium, Severity::low}) {
      auto it = sla.resolution.find(s);
      if (it != sla.resolution.end()) {
        times.push_back(std::string(to_string(s)) + " within " + describe_duration(it->second));
      }
    }
    out.push_back("We aim to fix vulnerabilities rated " + join_words(times) + ".");
  }
  return out;
}

std::string business_days_sentence(const Policy& policy) {
  const Sla& sla = policy.sla;
  bool any = counts_business_days(sla.acknowledge) || counts_business_days(sla.triage) ||
             counts_business_days(sla.status_update);
  for (const auto& [severity, duration] : sla.resolution) {
    any = any || duration.unit == Duration::Unit::business_days;
  }
  if (!any) return {};
  std::string out = "Business days are " + working_days(policy.calendar.weekend) +
                    " in the time zone " + policy.calendar.time_zone;
  if (policy.calendar.holidays.empty()) return out + ".";
  std::vector<std::string> dates;
  for (const auto& day : policy.calendar.holidays) dates.push_back(date_words(day));
  return out + ", except these holidays: " + join_words(dates) + ".";
}

std::vector<std::string> disclosure_sentences(const Policy& policy) {
  const Disclosure& d = policy.disclosure;
  std::vector<std::string> out;
  if (d.embargo) {
    if (d.starts == Disclosure::Start::fix && d.embargo->amount == 0) {
      out.push_back("The details are made public when the fix is released.");
    } else if (d.starts == Disclosure::Start::fix) {
      out.push_back("The details are made public at the latest " + describe_duration(*d.embargo) +
                    " after the fix is released.");
    } else {
      out.push_back("The details are made public at the latest " + describe_duration(*d.embargo) +
                    " after the report is received.");
    }
  }
  if (d.reporter_may_verify) {
    out.push_back("You may be invited to verify the fix before it is released.");
  }
  if (!d.advisory_channels.empty()) {
    std::vector<std::string> channels;
    for (const auto& c : d.advisory_channels) channels.emplace_back(channel_words(c));
    out.push_back("Advisories are published in " + join_words(channels) + ".");
  }
  return out;
}

std::vector<std::string> credit_sentences(const Policy& policy) {
  const Credit& c = policy.credit;
  std::vector<std::string> out;
  switch (c.by_default) {
    case Credit::Default::public_credit:
      out.push_back("Reporters are credited publicly unless they ask not to be.");
      break;
    case Credit::Default::ask:
      out.push_back("We ask you whether and how you would like to be credited.");
      break;
    case Credit::Default::private_credit:
      out.push_back("Reporters are thanked privately unless they ask for public credit.");
      break;
  }
  out.push_back(c.anonymous_allowed ? "You may stay anonymous."
                                    : "Credit is given under a name or a handle.");
  if (!c.where.empty()) {
    std::vector<std::string> places;
    for (const auto& w : c.where) places.emplace_back(credit_place_words(w));
    out.push_back("Credit appears in " + join_words(places) + ".");
  }
  if (c.private_for_duplicates) {
    out.push_back("Duplicate reports receive a private acknowledgement only.");
  }
  if (c.private_for_low_impact) {
    out.push_back("Low-impact reports receive a private acknowledgement only.");
  }
  return out;
}

std::string rewards_sentence(const Policy& policy) {
  switch (policy.rewards.kind) {
    case Rewards::Kind::unstated:
      return {};
    case Rewards::Kind::none:
      return "This program offers no rewards.";
    case Rewards::Kind::case_by_case:
      return "Rewards are decided case by case.";
    case Rewards::Kind::table:
      return "Rewards depend on the severity of the vulnerability:";
  }
  return {};
}

std::string prerelease_sentence(const Versions& versions) {
  switch (versions.prerelease) {
    case Versions::Prerelease::unstated:
      return {};
    case Versions::Prerelease::supported:
      return "Pre-releases (alphas, betas, release candidates) are supported.";
    case Versions::Prerelease::best_effort:
      return "Pre-releases (alphas, betas, release candidates) are fixed on a best-effort basis.";
    case Versions::Prerelease::unsupported:
      return "Pre-releases (alphas, betas, release candidates) are not supported.";
  }
  return {};
}

std::string attachments_sentence(const Attachments& a) {
  if (!a.allowed) return {};
  // A size the program did not name is the server's, not a rule of the program: not shown.
  std::string size = a.max_bytes > 0 ? " of at most " + size_words(a.max_bytes) : "";
  if (a.max_files == 1 && a.extensions.size() == 1) {
    return "You may attach one " + a.extensions.front() + " file" + size + ".";
  }
  std::string files =
      a.max_files == 1 ? "one file" : "up to " + std::to_string(a.max_files) + " files";
  std::string each = a.max_files == 1 || size.empty() ? "" : " each";
  std::string types = a.extensions.size() == 1 ? "of type " + a.extensions.front()
                                               : "of these types: " + join_words(a.extensions);
  return "You may attach " + files + size + each + ", " + types + ".";
}

std::string size_words(std::uint64_t bytes) {
  struct Unit {
    std::uint64_t size;
    std::string_view name;
  };
  static constexpr std::array<Unit, 6> kUnits = {{{1000ULL * 1000 * 1000, "GB"},
                                                  {1024ULL * 1024 * 1024, "GiB"},
                                                  {1000ULL * 1000, "MB"},
                                                  {1024ULL * 1024, "MiB"},
                                                  {1000, "kB"},
                                                  {1024, "KiB"}}};
  for (const auto& unit : kUnits) {
    if (bytes >= unit.size && bytes % unit.size == 0) {
      return std::to_string(bytes / unit.size) + " " + std::string(unit.name);
    }
  }
  return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
}

std::string first_sentence(std::string_view text) {
  std::size_t end = text.find(". ");
  return std::string(end == std::string_view::npos ? text : text.substr(0, end + 1));
}

}  // namespace embargo::formats
