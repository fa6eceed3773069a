#include "core/report.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/email.h"
#include "core/error.h"
#include "core/external_link.h"
#include "core/policy.h"
#include "core/text.h"
#include "core/utf8.h"

namespace embargo {
namespace {

constexpr std::size_t kMaxReasonBytes = 10000;
constexpr std::size_t kMaxReportIdBytes = 64;
constexpr std::size_t kMaxFileNameBytes = 255;
// As much as a report's longest text field.
constexpr std::size_t kMaxMessageBytes = 65536;

// A field the form asks for, with what the form calls it.
struct AskedField {
  ReportField field;
  bool required;
  std::string label;
};

// The fields this submission may carry, in form order. A program that refuses anonymous reports
// needs a name and an address even when its form forgets to list them. A mail is a letter, not
// the form: it always carries its sender's name and address, and only its text is required
// (the team asks for the rest in the thread).
std::vector<AskedField> asked_fields(const Policy& policy, const std::string& channel) {
  bool mail = channel == "email";
  std::vector<AskedField> asked;
  for (const auto& f : policy.form.shown_fields()) {
    bool identity = f.field == ReportField::reporter_name || f.field == ReportField::reporter_email;
    std::string label = f.label.empty() ? std::string(info(f.field).name) : f.label;
    bool required = f.required || (identity && !policy.form.anonymous_allowed);
    if (mail) required = f.field == ReportField::description || (identity && required);
    asked.push_back({f.field, required, label});
  }
  for (ReportField f : {ReportField::reporter_name, ReportField::reporter_email}) {
    if (policy.form.find(f) != nullptr) continue;
    if (!policy.form.anonymous_allowed || mail) {
      asked.push_back({f, !policy.form.anonymous_allowed, std::string(info(f).name)});
    }
  }
  return asked;
}

// Links are refused in the report's text; the contact address and the affected service's URL
// are what the reporter is asked to name, not external material.
bool may_hold_link(ReportField f) {
  return f == ReportField::reporter_email || f == ReportField::affected_component;
}

void validate_field(const AskedField& asked, const std::string* value, const Policy& policy) {
  const ReportFieldInfo& field = info(asked.field);
  std::string name(field.name);
  auto refuse = [&](const std::string& problem) {
    return invalid(name, asked.label + ": " + problem);
  };
  bool anonymous_name =
      asked.field == ReportField::reporter_name && value != nullptr && ascii_lower(*value) == "n/a";
  if (value == nullptr || is_blank(*value) || (anonymous_name && !policy.form.anonymous_allowed)) {
    if (!asked.required) return;
    if (policy.form.anonymous_allowed) throw refuse("required");
    throw refuse("required (this program does not accept anonymous reports)");
  }
  if (value->size() > field.max_bytes) {
    throw refuse("at most " + std::to_string(field.max_bytes) + " bytes (got " +
                 std::to_string(value->size()) + ")");
  }
  if (auto problem = text_problem(*value, field.multiline)) throw refuse(*problem);
  if (asked.field == ReportField::severity && !parse_severity(*value)) {
    throw refuse("must be one of low, medium, high, critical (got '" + *value + "')");
  }
  if (asked.field == ReportField::reporter_email && !is_valid_email(*value)) {
    throw refuse("'" + *value + "' is not an email address");
  }
  if (!policy.intake.links_allowed && !may_hold_link(asked.field) &&
      links_to_another_site(*value)) {
    throw refuse("links are not accepted by this program; put everything in the report itself");
  }
}

// A report may only arrive through a channel the program opened; "cli" is the team's own
// import and always allowed.
void validate_channel(const std::string& channel, const Intake& intake) {
  bool open = channel == "cli" || (channel == "form" && intake.web_form) ||
              (channel == "api" && intake.api) || (channel == "email" && intake.email);
  if (open) return;
  bool known = channel == "form" || channel == "api" || channel == "email";
  throw invalid("channel", known ? "this program does not take reports by " + channel
                                 : "unknown intake channel '" + channel + "'");
}

bool has_extension(std::string_view file_name, const std::vector<std::string>& extensions) {
  std::string lower = ascii_lower(file_name);
  return std::any_of(extensions.begin(), extensions.end(), [&](const std::string& ext) {
    return std::string_view(lower).ends_with(ascii_lower(ext)) && lower.size() > ext.size();
  });
}

void validate_attachment(const AttachmentInfo& a, std::size_t index, const Attachments& rules) {
  std::string which = "attachments: file " + std::to_string(index + 1);
  if (a.file_name.empty() || is_blank(a.file_name)) {
    throw invalid("attachments", which + " has no name");
  }
  if (a.file_name.size() > kMaxFileNameBytes) {
    throw invalid("attachments", which + ": the name is longer than " +
                                     std::to_string(kMaxFileNameBytes) + " bytes");
  }
  if (auto problem = text_problem(a.file_name, false)) {
    throw invalid("attachments", which + ": the name " + *problem);
  }
  if (a.file_name.find_first_of("/\\") != std::string::npos || a.file_name == "." ||
      a.file_name == "..") {
    throw invalid("attachments", which + ": the name '" + a.file_name +
                                     "' must be a plain file name without a path");
  }
  std::string named = "attachments: '" + a.file_name + "'";
  if (!rules.extensions.empty() && !has_extension(a.file_name, rules.extensions)) {
    throw invalid("attachments", named + ": this type of file is not accepted (accepted: " +
                                     joined(rules.extensions) + ")");
  }
  if (rules.max_bytes > 0 && a.size > rules.max_bytes) {
    throw invalid("attachments", named + ": " + std::to_string(a.size) +
                                     " bytes is over the limit of " +
                                     std::to_string(rules.max_bytes) + " bytes");
  }
}

// A policy's limit of 0 files or 0 bytes means it sets no limit of its own; the server's
// request size limit still applies.
void validate_attachments(const std::vector<AttachmentInfo>& attachments,
                          const Attachments& rules) {
  if (attachments.empty()) return;
  if (!rules.allowed) {
    throw invalid("attachments", "attachments: this program does not accept attachments");
  }
  if (rules.max_files > 0 && attachments.size() > static_cast<std::size_t>(rules.max_files)) {
    throw invalid("attachments", "attachments: at most " + std::to_string(rules.max_files) +
                                     " files (got " + std::to_string(attachments.size()) + ")");
  }
  for (std::size_t i = 0; i < attachments.size(); ++i) {
    validate_attachment(attachments[i], i, rules);
  }
}

bool is_report_id(std::string_view id) {
  return !id.empty() && id.size() <= kMaxReportIdBytes &&
         std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-';
         });
}

std::string quoted(State s) { return "'" + std::string(to_string(s)) + "'"; }

}  // namespace

const std::string* Submission::get(ReportField f) const {
  auto it = fields.find(f);
  return it == fields.end() ? nullptr : &it->second;
}

std::vector<Refusal> submission_problems(const Submission& s, const Policy& policy) {
  std::vector<Refusal> problems;
  auto check = [&problems](auto&& validate) {
    try {
      validate();
    } catch (const Refusal& r) {
      problems.push_back(r);
    }
  };
  std::vector<AskedField> asked = asked_fields(policy, s.channel);
  for (const auto& field : asked) {
    check([&] { validate_field(field, s.get(field.field), policy); });
  }
  for (const auto& entry : s.fields) {
    ReportField field = entry.first;
    bool is_asked = std::any_of(asked.begin(), asked.end(),
                                [field](const AskedField& a) { return a.field == field; });
    if (!is_asked) {
      std::string name(info(field).name);
      problems.push_back(invalid(name, name + ": this program's form does not ask for it"));
    }
  }
  check([&] { validate_credit(s.credit, policy.credit); });
  check([&] { validate_channel(s.channel, policy.intake); });
  if (policy.form.consent_required && !s.consented && s.channel != "email") {
    problems.push_back(invalid("consent", "consent: agreeing to the program's rules is required"));
  }
  check([&] { validate_attachments(s.attachments, policy.form.attachments); });
  return problems;
}

void validate_submission(const Submission& s, const Policy& policy) {
  auto problems = submission_problems(s, policy);
  if (!problems.empty()) throw problems.front();
}

void validate_credit(const CreditChoice& credit, const Credit& rules) {
  const std::size_t max_bytes = info(ReportField::reporter_name).max_bytes;
  if (credit.kind == CreditChoice::Kind::anonymous) {
    if (!rules.anonymous_allowed) {
      throw invalid("credit", "credit: this program credits reporters by name or handle");
    }
    if (!credit.text.empty()) {
      throw invalid("credit", "credit: anonymous credit cannot carry a name or handle");
    }
    return;
  }
  std::string what = credit.kind == CreditChoice::Kind::name ? "name" : "handle";
  if (is_blank(credit.text)) throw invalid("credit", "credit: the " + what + " to credit is empty");
  if (credit.text.size() > max_bytes) {
    throw invalid("credit", "credit: at most " + std::to_string(max_bytes) + " bytes");
  }
  if (auto problem = text_problem(credit.text, false))
    throw invalid("credit", "credit: " + *problem);
}

void validate_message(const NewMessage& m, const Policy& policy) {
  if (m.internal && m.author != Actor::team) {
    throw Refusal(Refusal::Kind::forbidden, "internal",
                  "internal: only the team writes internal notes");
  }
  if (m.author == Actor::team && is_blank(m.author_name)) {
    throw invalid("author_name", "author_name: a team message names the team member who wrote it");
  }
  if (is_blank(m.body)) throw invalid("body", "body: the message is empty");
  if (m.body.size() > kMaxMessageBytes) {
    throw invalid("body", "body: at most " + std::to_string(kMaxMessageBytes) + " bytes (got " +
                              std::to_string(m.body.size()) + ")");
  }
  if (auto problem = text_problem(m.body, true)) throw invalid("body", "body: " + *problem);
  if (!policy.intake.links_allowed && links_to_another_site(m.body)) {
    throw invalid("body",
                  "body: links are not accepted by this program; put everything in the message "
                  "itself");
  }
  std::vector<AttachmentInfo> attachments;
  for (const auto& upload : m.uploads) attachments.push_back(upload.info);
  validate_attachments(attachments, policy.form.attachments);
}

ReporterFiles::ReporterFiles(const Report& report) {
  auto add = [this](const std::vector<AttachmentInfo>& files) {
    for (const auto& file : files) {
      if (file.id > 0) ids_.push_back(file.id);
    }
  };
  add(report.submission.attachments);
  for (const auto& message : report.messages) {
    if (reporter_may_see(message)) add(message.attachments);
  }
}

std::int64_t ReporterFiles::number_of(std::int64_t id) const {
  auto found = std::find(ids_.begin(), ids_.end(), id);
  return found == ids_.end() || id <= 0 ? 0 : found - ids_.begin() + 1;
}

std::optional<std::int64_t> ReporterFiles::id_of(std::int64_t number) const {
  if (number < 1 || number > static_cast<std::int64_t>(ids_.size())) return std::nullopt;
  return ids_[static_cast<std::size_t>(number - 1)];
}

void validate_transition(State current, const Transition& t) {
  if (t.from != current) {
    throw conflict("from", "the report is now " + quoted(current) + ", not " + quoted(t.from));
  }
  const TransitionRule* rule = find_transition(t.from, t.to);
  // A move the state table has no rule for conflicts with where the report is now.
  if (rule == nullptr) {
    throw conflict("to", "cannot move a report from " + quoted(t.from) + " to " + quoted(t.to));
  }
  if (rule->actor != t.actor) {
    std::string who = rule->actor == Actor::team ? "the team" : "the reporter";
    throw Refusal(
        Refusal::Kind::forbidden, "to",
        "only " + who + " may move a report from " + quoted(t.from) + " to " + quoted(t.to));
  }
  if (rule->needs_reason && is_blank(t.reason)) {
    throw invalid("reason", "moving a report to " + quoted(t.to) +
                                " needs a reason; the reporter is told why");
  }
  if (t.reason.size() > kMaxReasonBytes) {
    throw invalid("reason", "reason: at most " + std::to_string(kMaxReasonBytes) + " bytes (got " +
                                std::to_string(t.reason.size()) + ")");
  }
  if (auto problem = text_problem(t.reason, true)) throw invalid("reason", "reason: " + *problem);
  if (t.to == State::duplicate) {
    if (!is_report_id(t.duplicate_of)) {
      throw invalid("duplicate_of",
                    "duplicate_of: a duplicate names the public id of the original report, "
                    "e.g. PYSPECTOR-2026-0007");
    }
  } else if (!t.duplicate_of.empty()) {
    throw invalid("duplicate_of",
                  "duplicate_of: only a report closed as 'duplicate' names an "
                  "original");
  }
}

std::string_view to_string(CreditChoice::Kind kind) {
  switch (kind) {
    case CreditChoice::Kind::name:
      return "name";
    case CreditChoice::Kind::handle:
      return "handle";
    case CreditChoice::Kind::anonymous:
      return "anonymous";
  }
  return "anonymous";
}

std::optional<CreditChoice::Kind> parse_credit_kind(std::string_view text) {
  for (auto kind :
       {CreditChoice::Kind::name, CreditChoice::Kind::handle, CreditChoice::Kind::anonymous}) {
    if (to_string(kind) == text) return kind;
  }
  return std::nullopt;
}

std::string display_title(const Submission& s) {
  constexpr std::size_t kMostBytes = 100;
  for (ReportField f :
       {ReportField::title, ReportField::vulnerability_type, ReportField::description}) {
    const std::string* value = s.get(f);
    if (value == nullptr || is_blank(*value)) continue;
    std::string_view line = *value;
    line = line.substr(line.find_first_not_of(" \t\r\n"));
    line = trim_spaces(line.substr(0, line.find_first_of("\r\n")));
    if (line.size() <= kMostBytes) return std::string(line);
    std::size_t cut = kMostBytes;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    return std::string(trim_spaces(line.substr(0, cut))) + "…";
  }
  return "";
}

}  // namespace embargo
