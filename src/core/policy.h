#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/duration.h"
#include "core/report_field.h"
#include "core/severity.h"

namespace embargo {

// The working calendar of a program: business days and local times are counted in it.
struct Calendar {
  std::string time_zone = "UTC";      // an IANA name, e.g. "Europe/Berlin"
  std::vector<int> weekend = {6, 0};  // days of the week off, 0 = Sunday .. 6 = Saturday
  std::vector<std::string> holidays;  // ISO dates "2026-12-25", in the program's time zone
};

struct Identity {
  std::string slug;  // lower-case letters, digits and '-', e.g. "pyspector"
  std::string name;  // "PySpector"
  std::string
      id_prefix;  // report ids are "<PREFIX>-<YEAR>-<NNNN>"; defaults to the upper-case slug
  std::string homepage;
  std::vector<std::string> languages = {"en"};  // preferred languages, RFC 5646 tags
  std::string last_updated;                     // the policy's own date, as the seed says it
};

struct Contacts {
  std::string email;            // where the team reads reports sent by mail
  std::string pgp_key_file;     // an armoured public key, relative to the policy file
  std::string pgp_key_url;      // where the public key is published
  std::string questions_email;  // for questions about the policy itself
  std::string note;             // free text, e.g. "email the lead maintainer named in README.md"
};

// The ways a program accepts reports.
struct Intake {
  bool web_form = true;
  bool api = true;
  bool email = false;
  bool encrypted_email_preferred = false;
  bool links_allowed = true;  // Pykour asks for everything in the body, no external links
};

// Times for the steps of handling a report: the program's promises ([sla]) or the team's own
// targets ([targets]). Clocks start when the report is received unless said otherwise.
struct Sla {
  // What the triage time counts from: Pykour's "a more detailed response within another 48
  // hours" runs from the acknowledgement, not from the report.
  enum class TriageStart { report, acknowledgement };

  std::optional<Duration> acknowledge;
  std::optional<Duration> triage;  // a substantive evaluation of the report
  TriageStart triage_starts = TriageStart::report;
  std::optional<Duration> status_update;
  // true: the longest silence the reporter should meet while the report is open; false: one
  // update after the acknowledgement, within the time of receipt (PySpector's "a status update
  // within 7 days").
  bool status_update_repeats = true;
  std::map<Severity, Duration> resolution;
};

// What the team holds itself to where its program promised nothing: measured on the desk and
// the dashboard, never shown to a reporter as a promise. PyFlashBackup promises to acknowledge
// "promptly"; the team's "3 business days" is a target, and its pages keep saying "promptly".
struct Targets {
  Sla times;
  std::optional<Duration> disclosure;  // counted as disclosure.starts says
};

// The time each step is measured against: the program's promise, or the team's target where
// the program promised none. A step has one or the other (the loader refuses both).
struct MeasuredTimes {
  Sla times;
  std::optional<Duration> disclosure;
  bool acknowledge_promised = false;
  bool triage_promised = false;
  bool status_update_promised = false;
  bool disclosure_promised = false;
  std::map<Severity, bool> resolution_promised;
};

struct Scope {
  std::vector<std::string> in;
  std::vector<std::string> out;
  std::string third_party;  // what to do with vulnerabilities in dependencies
};

struct SupportedRange {
  std::string range;  // "latest", "1.x", ">= 2.0, < 3"
  bool supported = true;
  std::string note;
};

struct Versions {
  enum class Scheme { semver, pep440, generic };
  // `unstated`: the policy says nothing of pre-releases, and neither does any page.
  enum class Prerelease { unstated, supported, best_effort, unsupported };

  Scheme scheme = Scheme::generic;
  std::vector<SupportedRange> supported;
  Prerelease prerelease = Prerelease::unstated;
  std::string prerelease_note;
};

// One field of the report form; which fields exist is fixed (ReportField), the policy picks
// which of them its form asks for and in which words.
struct FormField {
  ReportField field;
  bool required = false;
  std::string label;  // empty: the field's standard label
  std::string help;
};

struct Attachments {
  bool allowed = false;
  std::vector<std::string> extensions;  // lower case with the dot, e.g. ".txt"
  std::uint64_t max_bytes = 0;          // 0: the program named no limit; the server's own applies
  int max_files = 0;
  std::string note;  // e.g. which languages a proof of concept may be written in
};

struct Form {
  std::vector<FormField> fields;
  bool anonymous_allowed = true;  // no name and no contact address needed
  bool consent_required = true;   // the reporter agrees to the rules before submitting
  Attachments attachments;

  const FormField* find(ReportField f) const;
  // The fields the report form shows and intake accepts: the policy's own in its order, and,
  // when the policy does not list it, an optional CVSS vector after the severity (or last): a
  // reporter may always say how they score what they found.
  std::vector<FormField> shown_fields() const;
};

struct Rewards {
  // `unstated`: the policy says nothing of rewards, and neither does any page.
  enum class Kind { unstated, none, case_by_case, table };
  struct Amount {
    std::int64_t min = 0;
    std::int64_t max = 0;
  };

  Kind kind = Kind::unstated;
  std::string currency;
  std::map<Severity, Amount> table;
  std::string note;
};

struct Credit {
  enum class Default { public_credit, ask, private_credit };

  Default by_default = Default::ask;
  bool anonymous_allowed = true;
  std::vector<std::string> where;  // "advisory", "release_notes", "hall_of_fame"
  bool private_for_duplicates = false;
  bool private_for_low_impact = false;
  std::string note;
};

struct Disclosure {
  enum class Start { report, fix };

  std::optional<Duration> embargo;  // how long until public disclosure at the latest
  Start starts = Start::report;
  bool reporter_may_verify = false;
  std::vector<std::string> advisory_channels;  // "ghsa", "osv", "cve", "release_notes"
  std::vector<std::string> steps;              // the program's own disclosure process
};

struct Texts {
  std::string intro;
  std::string safe_harbor;
  std::vector<std::string> safe_harbor_conditions;
  std::string safe_harbor_void;  // what voids the protection
  std::vector<std::string> rules;
  std::vector<std::string> promises;
  std::string closing;
};

// A disclosure program as its policy file defines it. Everything Embargo renders or enforces
// for a program (pages, form, security.txt, SLA clocks, credit) comes from here.
struct Policy {
  Identity identity;
  Contacts contacts;
  Intake intake;
  Calendar calendar;
  Sla sla;  // promised: shown on every page and measured
  Targets targets;
  Scope scope;
  Versions versions;
  Form form;
  Rewards rewards;
  Credit credit;
  Disclosure disclosure;
  Texts texts;
};

// One mistake in a policy file, positioned for `FILE:LINE:COL: message`.
struct PolicyError {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
};

struct PolicyLoad {
  std::optional<Policy> policy;     // set only when errors is empty
  std::vector<PolicyError> errors;  // every error found, in file order
  std::string source;               // the text that was loaded, kept verbatim by the store
};

// No real policy comes near this; a larger file is refused before it is read or parsed.
inline constexpr std::size_t kMaxPolicyBytes = std::size_t{1024} * 1024;

MeasuredTimes measured_times(const Policy& policy);

// Whether a promise counts days (calendar or business days): only then is the program's calendar
// part of what it promises, and published; otherwise it times the team's own targets alone.
bool promises_count_days(const Policy& policy);

// The calendar whose zone a reporter's page gives times in: the program's when a promise counts
// days (it is then published), else plain UTC, so that a zone the program never named is not
// shown.
Calendar published_calendar(const Policy& policy);

// The slug grammar, ^[a-z0-9][a-z0-9-]{0,39}$: a slug appears in URLs and file names, and
// anything else names no program (so it is never looked up).
bool is_program_slug(std::string_view text);

// The id prefix a policy gets when it names none: the slug upper-cased without dashes
// ("py-flash-backup" -> "PYFLASHBACKUP").
std::string default_id_prefix(std::string_view slug);

// Parses and checks a policy. Nothing is defaulted over a mistake: an unknown key, a wrong
// type, a bad duration or an impossible SLA is an error.
PolicyLoad load_policy(std::string_view toml_text, const std::string& file_name);
PolicyLoad load_policy_file(const std::string& path);

std::string_view to_string(Versions::Scheme s);
std::string_view to_string(Versions::Prerelease p);
std::string_view to_string(Rewards::Kind k);
std::string_view to_string(Credit::Default d);
std::string_view to_string(Disclosure::Start s);

}  // namespace embargo
