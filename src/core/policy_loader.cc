#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/policy.h"
#include "core/policy_loader_guard.h"
#include "core/policy_loader_sections.h"

namespace embargo {

std::vector<PolicyError> Diagnostics::take_sorted() {
  std::stable_sort(errors_.begin(), errors_.end(), [](const PolicyError& a, const PolicyError& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return std::move(errors_);
}

PolicyLoad load_policy(std::string_view toml_text, const std::string& file_name) {
  Diagnostics diagnostics(file_name);
  if (auto problem = find_unparseable_input(toml_text)) {
    diagnostics.error(problem->where, problem->message);
    return {std::nullopt, diagnostics.take_sorted(), std::string(toml_text)};
  }

  toml::table document;
  try {
    document = toml::parse(toml_text, std::string_view(file_name));
  } catch (const toml::parse_error& e) {
    diagnostics.error(position_of(e.source()), "invalid TOML: " + std::string(e.description()));
    return {std::nullopt, diagnostics.take_sorted(), std::string(toml_text)};
  }

  const TableReader root(document, "", "at the top level", diagnostics,
                         {"program", "contacts", "intake", "calendar", "sla", "targets", "scope",
                          "versions", "form", "rewards", "credit", "disclosure", "texts"});
  Policy policy;
  read_program(root, policy.identity);
  read_contacts(root, policy.contacts);
  read_intake(root, policy.contacts, policy.intake);
  read_calendar(root, policy.calendar);
  const TimedSteps steps = read_sla(root, policy.sla, policy.targets);
  read_disclosure(root, steps, policy.disclosure);
  read_scope(root, policy.scope);
  read_versions(root, policy.versions);
  read_form(root, policy.form);
  read_rewards(root, policy.rewards);
  read_credit(root, policy.credit);
  read_texts(root, policy.texts);

  if (!diagnostics.empty())
    return {std::nullopt, diagnostics.take_sorted(), std::string(toml_text)};
  return {std::move(policy), {}, std::string(toml_text)};
}

PolicyLoad load_policy_file(const std::string& path) {
  auto unreadable = [&](const std::string& why) {
    return PolicyLoad{std::nullopt, {{path, 0, 0, "cannot read the policy file: " + why}}, ""};
  };
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (!std::filesystem::exists(status)) return unreadable("no such file");
  if (!std::filesystem::is_regular_file(status)) return unreadable("not a regular file");
  if (std::filesystem::file_size(path, ec) > kMaxPolicyBytes) {
    return unreadable("larger than " + std::to_string(kMaxPolicyBytes / 1024) + " KiB");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return unreadable("permission denied or I/O error");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return unreadable("I/O error");
  return load_policy(text.str(), path);
}

}  // namespace embargo
