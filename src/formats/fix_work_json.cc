#include "formats/fix_work_json.h"

#include <algorithm>
#include <initializer_list>

#include "core/error.h"
#include "core/member_name.h"

namespace embargo::formats {
namespace json = boost::json;

namespace {

void only(const json::object& object, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : object) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      throw invalid(member_name(key), "unknown field '" + std::string(key) + "'");
    }
  }
}

std::string text(const json::object& object, std::string_view key) {
  auto it = object.find(key);
  if (it == object.end() || it->value().is_null()) return {};
  const auto* value = it->value().if_string();
  if (value == nullptr) throw invalid(std::string(key), std::string(key) + ": expected a string");
  return std::string(*value);
}

}  // namespace

json::object fix_work_json(const Report& report) {
  json::object out;
  if (report.expected_fixes.empty()) {
    out["expected_fix"] = nullptr;
  } else {
    const ExpectedFix& current = report.expected_fixes.back();
    out["expected_fix"] = json::object{{"fix_on", current.fix_on},
                                       {"evaluation", current.evaluation},
                                       {"at", format_time(current.at)}};
  }
  json::array moves;
  for (std::size_t i = 1; i < report.expected_fixes.size(); ++i) {
    moves.push_back(json::object{{"at", format_time(report.expected_fixes[i].at)},
                                 {"from", report.expected_fixes[i - 1].fix_on},
                                 {"to", report.expected_fixes[i].fix_on},
                                 {"reason", report.expected_fixes[i].reason}});
  }
  out["expected_fix_moves"] = std::move(moves);
  json::array verifications;
  for (const auto& v : report.verifications) {
    json::object entry{{"fixed_in", v.fixed_in}, {"asked_at", format_time(v.asked_at)}};
    entry["answered_at"] = v.answered_at ? json::value(format_time(*v.answered_at)) : nullptr;
    entry["fixed"] = v.fixed ? json::value(*v.fixed) : nullptr;
    entry["because"] = v.because;
    verifications.push_back(std::move(entry));
  }
  out["verifications"] = std::move(verifications);
  return out;
}

ExpectedFix expected_fix_from_json(const json::object& object) {
  only(object, {"fix_on", "evaluation", "reason"});
  return {text(object, "fix_on"), text(object, "evaluation"), text(object, "reason"), {}, {}};
}

VerificationRequestBody verification_request_from_json(const json::object& object) {
  only(object, {"fixed_in", "body"});
  return {text(object, "fixed_in"), text(object, "body")};
}

VerificationAnswerBody verification_answer_from_json(const json::object& object) {
  only(object, {"fixed", "because"});
  auto fixed = object.find("fixed");
  if (fixed == object.end() || !fixed->value().is_bool()) {
    throw invalid("fixed", "fixed: expected true (the fix works) or false (still vulnerable)");
  }
  return {fixed->value().as_bool(), text(object, "because")};
}

}  // namespace embargo::formats
