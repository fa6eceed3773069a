#include "core/fix_work.h"

#include <date/date.h>

#include <sstream>

#include "core/error.h"
#include "core/text.h"

namespace embargo {
namespace {

std::string text_of(const std::string& field, std::string_view text, std::size_t max, bool lines,
                    bool required) {
  std::string value(trim_spaces(text));
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  if (auto problem = text_problem(value, lines)) throw invalid_at(field, *problem);
  if (required && is_blank(value)) throw invalid_at(field, "required");
  if (value.size() > max) throw invalid_at(field, "at most " + std::to_string(max) + " bytes");
  return value;
}

}  // namespace

ExpectedFix checked_expected_fix(const ExpectedFix& fix, bool replaces) {
  ExpectedFix out = fix;
  out.fix_on = std::string(trim_spaces(fix.fix_on));
  std::istringstream in(out.fix_on);
  date::sys_days day;
  in >> date::parse("%F", day);
  if (out.fix_on.size() != 10 || in.fail() || in.peek() != std::char_traits<char>::eof()) {
    throw invalid_at("fix_on", "give the date as YYYY-MM-DD, e.g. 2026-12-20");
  }
  out.evaluation = text_of("evaluation", fix.evaluation, kMaxEvaluationBytes, true, true);
  out.reason = text_of("reason", fix.reason, kMaxEvaluationBytes, true, replaces);
  if (!replaces) out.reason.clear();
  return out;
}

std::string checked_fixed_in(std::string_view fixed_in) {
  return text_of("fixed_in", fixed_in, 200, false, true);
}

std::string checked_verification_answer(bool fixed, std::string_view because) {
  return text_of("because", because, kMaxEvaluationBytes, true, !fixed);
}

Attachments patch_file_rules() {
  Attachments rules;
  rules.allowed = true;
  rules.extensions = {".patch", ".diff"};
  rules.max_bytes = std::uint64_t{1024} * 1024;
  rules.max_files = 5;
  return rules;
}

}  // namespace embargo
