#include "http/reporter/report_form_submission.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/text.h"
#include "http/form_upload.h"
#include "http/reporter/cvss_picker.h"
#include "http/reporter/submission_scoring.h"

namespace embargo::http {
namespace {

// The form's own fields besides the report's: the CSRF token, the one-time submission token
// (report_form_pages.cc), the button pressed, the credit
// choice, the consent box and the CVSS picker's answers.
bool is_form_control(std::string_view name) {
  return name == "csrf" || name == "submission" || name == "action" || name == "credit" ||
         name == "credit_text" || name == "consent" || name.starts_with("cvss_");
}

// PySpector's "write N/A" to stay anonymous, as reporters type it: with spaces around, in the
// straight or curly quotes of the help text, in any case.
bool is_na(std::string_view text) {
  auto strip = [&text](std::string_view affix, bool front) {
    if (front && text.starts_with(affix)) text.remove_prefix(affix.size());
    if (!front && text.ends_with(affix)) text.remove_suffix(affix.size());
  };
  for (int round = 0; round < 2; ++round) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    for (std::string_view quote : {"\"", "'", "\u201C", "\u2018"}) strip(quote, true);
    for (std::string_view quote : {"\"", "'", "\u201D", "\u2019"}) strip(quote, false);
  }
  return text.size() == 3 && (text[0] == 'N' || text[0] == 'n') && text[1] == '/' &&
         (text[2] == 'A' || text[2] == 'a');
}

// The credit choice: the checked option, with the name from the form's name field when the
// reporter gave no other. PySpector's "N/A" in the name field means anonymous.
void read_credit(PostedReport& posted, const Policy& policy) {
  const auto& values = posted.input.values;
  auto value = [&](std::string_view name) {
    auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
  };
  std::string kind_text = value("credit");
  std::string text = value("credit_text");
  std::string name_field = value("reporter_name");
  if (kind_text.empty()) {
    posted.input.errors["credit"] = "Choose how you would like to be credited";
    return;
  }
  auto kind = parse_credit_kind(kind_text);
  if (!kind) {
    posted.input.errors["credit"] = "'" + kind_text + "' is not a way of being credited";
    return;
  }
  if (*kind == CreditChoice::Kind::name && text.empty()) text = name_field;
  // "By my name" is the checked default of a program that credits publicly: left so with no name
  // given anywhere, there is nobody to name, and the reporter is thanked without one (and may
  // name themselves later on their report's page).
  bool nameless_default = *kind == CreditChoice::Kind::name && is_blank(text);
  if (*kind != CreditChoice::Kind::anonymous && (is_na(text) || nameless_default) &&
      policy.credit.anonymous_allowed) {
    kind = CreditChoice::Kind::anonymous;
  }
  if (*kind == CreditChoice::Kind::anonymous) text.clear();
  posted.submission.credit = {*kind, text};
}

// Whether the file's name ends in one of the program's extensions (".tar.gz" included).
bool has_program_extension(std::string_view file_name, const Attachments& rules) {
  std::string lower = ascii_lower(file_name);
  return std::any_of(rules.extensions.begin(), rules.extensions.end(), [&](const auto& ext) {
    return lower.size() > ext.size() && std::string_view(lower).ends_with(ext);
  });
}

std::string program_extensions(const Attachments& rules) {
  std::string out;
  for (const auto& ext : rules.extensions) out += (out.empty() ? "" : ", ") + ext;
  return out;
}

// Each file is checked on its own, and every problem is said (three bad files, three
// sentences): first against the program's own list of types, then by its content.
void read_uploads(PostedReport& posted, const std::vector<FormPart>& parts, const Policy& policy) {
  const Attachments& rules = policy.form.attachments;
  auto problem = [&](const std::string& message) {
    std::string& said = posted.input.errors["attachments"];
    said += (said.empty() ? "" : "\n") + message;
  };
  for (const auto& part : parts) {
    if (!part.is_file) continue;
    // A file input left empty is sent as a part with no name and no bytes.
    if (part.file_name.empty() && part.file.empty()) continue;
    if (part.name != "attachments") {
      posted.input.errors["form"] = "the form has no file field '" + part.name + "'";
      continue;
    }
    if (rules.allowed && !has_program_extension(part.file_name, rules)) {
      problem("'" + part.file_name + "': " + policy.identity.name + " accepts only " +
              program_extensions(rules) + " files.");
      continue;
    }
    try {
      posted.uploads.push_back(form_upload(part));
      posted.submission.attachments.push_back(posted.uploads.back().info);
    } catch (const Refusal& r) {
      problem(std::string(r.what()) + ".");
    }
  }
}

}  // namespace

PostedReport read_report_form(const std::vector<FormPart>& parts, const Policy& policy) {
  PostedReport posted;
  posted.submission.program = policy.identity.slug;
  posted.submission.channel = "form";
  auto& input = posted.input;
  for (const auto& part : parts) {
    if (part.is_file) continue;
    auto field = parse_report_field(part.name);
    if (!field && !is_form_control(part.name)) {
      input.errors["form"] = "the form has no field '" + part.name + "'";
      continue;
    }
    std::string value = unix_lines(part.content);
    // A pasted vector often brings a space or line break along; the score page trims it too.
    if (part.name == "cvss_vector") value = trimmed(value);
    if (field && !value.empty()) posted.submission.fields[*field] = value;
    if (part.cut) {
      // Only its start was read: the problem stands beside the field, whatever the start holds.
      std::size_t most = field ? info(*field).max_bytes : kLongestFieldKept;
      input.errors[part.name] = part.name + ": at most " + std::to_string(most) +
                                " bytes (got more than " + std::to_string(kLongestFieldKept) + ")";
    }
    input.values[part.name] = std::move(value);
  }
  posted.score_only = input.values["action"] == "score";
  input.values.erase("action");
  try {
    if (posted.submission.get(ReportField::cvss_vector) == nullptr) {
      if (auto vector = vector_from_answers(input.values)) {
        posted.submission.fields[ReportField::cvss_vector] = *vector;
        input.values["cvss_vector"] = *vector;
      }
    }
  } catch (const Refusal& r) {
    input.errors["cvss_vector"] = r.what();
  }
  rate_from_vector(posted.submission, policy);
  if (const std::string* rated = posted.submission.get(ReportField::severity)) {
    input.values["severity"] = *rated;
  }
  posted.submission.consented = input.values["consent"] == "yes";
  read_credit(posted, policy);
  read_uploads(posted, parts, policy);
  for (auto& [field, problem] : scoring_problems(posted.submission)) {
    input.errors.try_emplace(field, problem);
  }
  return posted;
}

}  // namespace embargo::http
