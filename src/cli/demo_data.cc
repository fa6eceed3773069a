#include "cli/demo_data.h"

#include <algorithm>
#include <array>
#include <chrono>

namespace embargo::cli {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr std::int64_t kSpanDays = 548;  // 18 months
constexpr std::size_t kOriginalsKept = 200;
// Reports of each program in the first, small batch (DemoData::next_batch).
constexpr std::size_t kWarmUpReports = 3;

const std::vector<std::string> kVulnerabilities = {"SQL injection",
                                                   "Cross-site scripting",
                                                   "Path traversal",
                                                   "OS command injection",
                                                   "Server-side request forgery",
                                                   "Insecure deserialization",
                                                   "XML external entity expansion",
                                                   "Open redirect",
                                                   "Cross-site request forgery",
                                                   "Authentication bypass",
                                                   "Privilege escalation",
                                                   "Information disclosure",
                                                   "Denial of service",
                                                   "Race condition",
                                                   "Use after free",
                                                   "Heap buffer overflow",
                                                   "Integer overflow",
                                                   "Prototype pollution",
                                                   "Insecure default configuration",
                                                   "Missing signature verification",
                                                   "Session fixation",
                                                   "Regular expression denial of service",
                                                   "Timing side channel",
                                                   "Unrestricted file upload"};
const std::vector<int> kCwes = {89,  79,  22,  78,  918, 502,  611,  601, 352, 287,  269, 200,
                                400, 362, 416, 122, 190, 1321, 1188, 347, 384, 1333, 208, 434};
const std::vector<std::string> kComponents = {
    "the login form",           "the password reset flow", "the REST API",
    "the admin dashboard",      "the file import",         "the export to PDF",
    "the webhook dispatcher",   "the plugin loader",       "the command-line interface",
    "the configuration parser", "the search endpoint",     "the image thumbnailer",
    "the OAuth callback",       "the session middleware",  "the rule engine",
    "the package installer",    "the update checker",      "the template renderer",
    "the YAML loader",          "the archive extractor",   "the report generator",
    "the metrics endpoint",     "the SSO bridge"};
const std::vector<std::string> kParameters = {"the 'q' parameter",
                                              "the 'next' parameter",
                                              "the uploaded file name",
                                              "the X-Forwarded-Host header",
                                              "the 'path' argument",
                                              "a crafted cookie",
                                              "the JSON body's 'filter' field",
                                              "the archive's member names",
                                              "the rules file",
                                              "the 'url' field",
                                              "the user agent string",
                                              "an environment variable",
                                              "a symbolic link",
                                              "the 'sort' parameter"};
const std::vector<std::string> kEffects = {"read arbitrary files on the server",
                                           "run commands as the service user",
                                           "take over another user's session",
                                           "read other tenants' data",
                                           "bypass the second factor",
                                           "exhaust the server's memory",
                                           "write outside the target directory",
                                           "reach internal services",
                                           "inject script into other users' pages",
                                           "forge requests as an admin",
                                           "crash the worker process",
                                           "escalate to administrator",
                                           "disclose API tokens in logs"};
const std::vector<std::string> kOpenings = {"While testing",
                                            "During a code review of",
                                            "Fuzzing",
                                            "While auditing",
                                            "Reading the source of",
                                            "Running a scanner against",
                                            "After upgrading, I noticed that"};
const std::vector<std::string> kDetails = {"The value is passed on without validation.",
                                           "No length limit is applied.",
                                           "The check happens after the value has been used.",
                                           "Encoding is applied twice.",
                                           "The error message echoes the input back.",
                                           "The lock is released before the write.",
                                           "The default configuration enables this path.",
                                           "Only the first element is checked.",
                                           "The comparison is not constant-time.",
                                           "Relative paths are resolved against the wrong root."};
// Code locations: a function (a verb and a noun, camelCase, so it is one word to the search)
// and a line. Real reports name the code they are about, and these rarer words are what tells a
// near copy from a report of the same kind.
const std::vector<std::string> kVerbs = {"parse",  "load",   "render", "resolve", "decode", "check",
                                         "verify", "import", "export", "build",   "apply",  "read",
                                         "write",  "fetch",  "merge",  "split"};
const std::vector<std::string> kNouns = {
    "Header", "Token",   "Path",    "Config",  "Archive", "Template", "Session", "Cookie",
    "Query",  "Filter",  "Upload",  "Webhook", "Plugin",  "Manifest", "Policy",  "Rule",
    "Image",  "Payload", "Request", "Entry",   "Record",  "Schema",   "Index",   "Cache",
    "Digest", "Key",     "Chunk",   "Frame",   "Stream",  "Window"};
const std::vector<std::string> kLabels = {
    "web",      "api",  "cli",   "auth",      "crypto",       "needs-cve", "regression",
    "upstream", "docs", "infra", "area:core", "area:plugins", "bounty",    "hardening"};
const std::vector<std::string> kNames = {"Ada Lovelace",  "Grace Hopper",   "Alan Turing",
                                         "Radia Perlman", "Barbara Liskov", "Ken Thompson"};
// What the team tells the reporter when it moves a report to a state that needs a reason.
std::string reason_for(State to) {
  switch (to) {
    case State::needs_info:
      return "Please send the exact version and a proof of concept.";
    case State::duplicate:
      return "Already reported; we will credit the first report.";
    case State::informative:
      return "This is documented behaviour.";
    case State::not_applicable:
      return "Not reproducible on supported versions.";
    case State::out_of_scope:
      return "This concerns a third-party service.";
    default:
      return "Not a security report.";
  }
}

// The states a report ends in, more of them closed or disclosed the older it is.
State pick_state(std::mt19937_64& random, std::int64_t age_days) {
  static constexpr std::array<State, 14> kStates = {
      State::new_report, State::acknowledged, State::needs_info,     State::triaged,
      State::accepted,   State::fixing,       State::fixed,          State::disclosed,
      State::duplicate,  State::informative,  State::not_applicable, State::out_of_scope,
      State::spam,       State::withdrawn};
  std::array<double, 14> weights{};
  if (age_days < 3) {
    weights = {50, 30, 10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 5, 5};
  } else if (age_days < 30) {
    weights = {5, 15, 10, 15, 10, 10, 0, 0, 8, 7, 5, 5, 5, 5};
  } else {
    weights = {1, 2, 3, 3, 4, 6, 8, 35, 10, 9, 7, 6, 3, 3};
  }
  std::discrete_distribution<std::size_t> distribution(weights.begin(), weights.end());
  return kStates[distribution(random)];
}

// The states a report passes through on the way to `target`, after `new`.
std::vector<State> path_to(State target) {
  switch (target) {
    case State::new_report:
      return {};
    case State::acknowledged:
      return {State::acknowledged};
    case State::needs_info:
      return {State::acknowledged, State::needs_info};
    case State::triaged:
      return {State::acknowledged, State::triaged};
    case State::accepted:
      return {State::acknowledged, State::triaged, State::accepted};
    case State::fixing:
      return {State::acknowledged, State::triaged, State::accepted, State::fixing};
    case State::fixed:
      return {State::acknowledged, State::triaged, State::accepted, State::fixing, State::fixed};
    case State::disclosed:
      return {State::acknowledged, State::triaged, State::accepted,
              State::fixing,       State::fixed,   State::disclosed};
    case State::spam:
      return {State::spam};
    case State::withdrawn:
      return {State::withdrawn};
    default:
      return {State::acknowledged, target};
  }
}

}  // namespace

DemoData::DemoData(std::vector<Policy> programs, std::vector<std::vector<std::string>> teams,
                   std::int64_t reports, std::uint64_t seed, Time now)
    : programs_(std::move(programs)),
      teams_(std::move(teams)),
      total_(reports),
      now_(now),
      start_(now - std::chrono::days(kSpanDays)),
      random_(seed),
      originals_(programs_.size()) {}

int DemoData::between(int low, int high) {
  return std::uniform_int_distribution<int>(low, high)(random_);
}

bool DemoData::chance(double p) { return std::bernoulli_distribution(p)(random_); }

std::string DemoData::pick(const std::vector<std::string>& words) {
  return words[static_cast<std::size_t>(between(0, static_cast<int>(words.size()) - 1))];
}

std::string DemoData::field_value(ReportField field, const std::string& title,
                                  const std::string& vulnerability, const std::string& component) {
  switch (field) {
    case ReportField::reporter_name:
      return pick(kNames);
    case ReportField::reporter_email:
      return "finder" + std::to_string(between(1, 5000)) + "@example.net";
    case ReportField::title:
      return title;
    case ReportField::vulnerability_type:
      return vulnerability;
    case ReportField::affected_versions:
      return std::to_string(between(0, 3)) + "." + std::to_string(between(0, 12)) + "." +
             std::to_string(between(0, 9));
    case ReportField::affected_component:
      return component;
    case ReportField::severity:
      return std::string(to_string(static_cast<Severity>(between(0, 3))));
    case ReportField::cvss_vector:
      return "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:L/A:N";
    case ReportField::cwe:
      return "CWE-" + std::to_string(kCwes[static_cast<std::size_t>(between(0, 23))]);
    case ReportField::description:
      return pick(kOpenings) + " " + component + ", I found that " + pick(kParameters) +
             " reaches a sink unchecked: " + vulnerability + ". " + pick(kDetails) + " " +
             pick(kDetails) + " The flaw is in " + pick(kVerbs) + pick(kNouns) + "() at line " +
             std::to_string(between(10, 2400)) + ". An attacker can " + pick(kEffects) + ".";
    case ReportField::impact:
      return "An attacker can " + pick(kEffects) + ", and from there " + pick(kEffects) + ".";
    case ReportField::steps_to_reproduce:
      return "1. Install the latest release with the default configuration.\n2. Send " +
             pick(kParameters) + " to " + component + ".\n3. Observe the result.";
    case ReportField::requirements:
      return chance(0.5) ? "No account needed." : "A regular user account.";
    case ReportField::suggested_fix:
      return "Validate " + pick(kParameters) + " before use. " + pick(kDetails);
  }
  return "";
}

Submission DemoData::make_submission(const Policy& policy) {
  std::size_t kind =
      static_cast<std::size_t>(between(0, static_cast<int>(kVulnerabilities.size()) - 1));
  const std::string& vulnerability = kVulnerabilities[kind];
  std::string component = pick(kComponents);
  std::string title = vulnerability + " in " + component + " via " + pick(kParameters);
  Submission s;
  s.program = policy.identity.slug;
  std::vector<std::string> channels;
  if (policy.intake.web_form) channels.push_back("form");
  if (policy.intake.api) channels.push_back("api");
  if (policy.intake.email) channels.push_back("email");
  s.channel = channels.empty() ? "cli" : pick(channels);
  s.consented = true;
  for (const auto& field : policy.form.shown_fields()) {
    bool identity =
        field.field == ReportField::reporter_name || field.field == ReportField::reporter_email;
    bool needed = field.required || (identity && !policy.form.anonymous_allowed);
    if (!needed && !chance(0.7)) continue;
    if (field.field == ReportField::cvss_vector && !needed) continue;
    s.fields[field.field] = field_value(field.field, title, vulnerability, component);
  }
  if (policy.credit.anonymous_allowed) {
    s.credit = {CreditChoice::Kind::anonymous, ""};
  } else {
    s.credit = {CreditChoice::Kind::name, pick(kNames)};
  }
  return s;
}

std::vector<Transition> DemoData::make_history(const Policy& policy, Time received,
                                               Submission& submission, TriageUpdate& triage) {
  std::size_t program = static_cast<std::size_t>(
      std::find_if(programs_.begin(), programs_.end(),
                   [&](const Policy& p) { return p.identity.slug == policy.identity.slug; }) -
      programs_.begin());
  auto age_days = std::chrono::duration_cast<std::chrono::days>(now_ - received).count();
  State target = pick_state(random_, age_days);
  std::string duplicate_of;
  if (target == State::duplicate) {
    auto& pool = originals_[program];
    if (pool.empty()) {
      target = State::informative;
    } else {
      const Original& original =
          pool[static_cast<std::size_t>(between(0, static_cast<int>(pool.size()) - 1))];
      duplicate_of = original.id;
      // A second finder describes the same flaw in nearly the same words.
      submission.fields = original.submission.fields;
      if (auto* description = submission.get(ReportField::description)) {
        submission.fields[ReportField::description] = *description + " " + pick(kDetails);
      }
    }
  }
  // Most reports get a primary handler from the program's team when they are acknowledged; a
  // few stay with nobody, as they do on a real desk.
  const auto& team = teams_[program];
  std::string handler = !team.empty() && chance(0.9) ? pick(team) : "";
  std::vector<Transition> history;
  State from = State::new_report;
  Time at = received;
  auto steps = path_to(target);
  auto room = std::chrono::duration_cast<minutes>(now_ - received).count() /
              static_cast<std::int64_t>(steps.size() + 1);
  for (State to : steps) {
    std::int64_t gap =
        std::min<std::int64_t>(between(30, 10 * 24 * 60), std::max<std::int64_t>(room, 1));
    at += minutes(gap);
    Transition t;
    t.from = from;
    t.to = to;
    t.at = at;
    const TransitionRule* rule = find_transition(from, to);
    t.actor = rule->actor;
    t.actor_name = rule->actor == Actor::reporter ? "reporter"
                   : handler.empty()              ? "handler@example.org"
                                                  : handler;
    if (to == State::acknowledged && !handler.empty()) triage.handler = handler;
    if (rule->needs_reason) t.reason = reason_for(to);
    if (to == State::duplicate) t.duplicate_of = duplicate_of;
    history.push_back(std::move(t));
    from = to;
    if (to == State::triaged) {
      triage.severity = std::optional<Severity>(static_cast<Severity>(between(0, 3)));
      triage.cwe = std::optional<int>(kCwes[static_cast<std::size_t>(between(0, 23))]);
      std::vector<std::string> labels;
      for (int i = between(0, 3); i > 0; --i) labels.push_back(pick(kLabels));
      triage.labels = labels;
      triage.affected_versions = std::vector<std::string>{std::to_string(between(1, 3)) + "." +
                                                          std::to_string(between(0, 9)) + ".0"};
    }
  }
  return history;
}

std::vector<store::ImportedReport> DemoData::next_batch(std::size_t count) {
  // A duplicate points at an earlier report by its id, which only a stored batch gives: until
  // every program has one stored, batches stay small, so that near-duplicates come at any
  // --batch (one batch of the whole seed would have none).
  bool warming = std::any_of(originals_.begin(), originals_.end(),
                             [](const std::vector<Original>& pool) { return pool.empty(); });
  if (warming) count = std::min(count, programs_.size() * kWarmUpReports);
  std::vector<store::ImportedReport> batch;
  auto span = std::chrono::duration_cast<std::chrono::seconds>(now_ - start_).count();
  while (batch.size() < count && made_ < total_) {
    const Policy& policy = programs_[static_cast<std::size_t>(made_) % programs_.size()];
    store::ImportedReport r;
    // Spread evenly over the span, oldest first, jittered within each report's slot.
    double slot =
        (static_cast<double>(made_) + std::uniform_real_distribution<double>(0, 1)(random_)) /
        static_cast<double>(total_);
    r.received_at =
        start_ + std::chrono::seconds(static_cast<std::int64_t>(slot * static_cast<double>(span)));
    r.submission = make_submission(policy);
    r.history = make_history(policy, r.received_at, r.submission, r.triage);
    batch.push_back(std::move(r));
    ++made_;
  }
  return batch;
}

void DemoData::stored(const std::vector<store::ImportedReport>& batch,
                      const std::vector<std::string>& ids) {
  for (std::size_t i = 0; i < batch.size() && i < ids.size(); ++i) {
    const auto& r = batch[i];
    bool duplicate = !r.history.empty() && r.history.back().to == State::duplicate;
    if (duplicate) continue;
    for (std::size_t p = 0; p < programs_.size(); ++p) {
      if (programs_[p].identity.slug != r.submission.program) continue;
      auto& pool = originals_[p];
      if (pool.size() == kOriginalsKept) pool.erase(pool.begin());
      pool.push_back({ids[i], r.submission});
    }
  }
}

}  // namespace embargo::cli
