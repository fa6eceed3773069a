#include <iostream>

#include "cli/policy_files.h"
#include "cli/subcommands.h"

namespace embargo::cli {
namespace {

// Checks every file and prints every mistake as FILE:LINE:COL: message; exit status 1 if any.
void check(const std::vector<std::string>& files) {
  auto loaded = load_policy_files(files);
  for (const auto& [file, policy] : loaded.policies) {
    std::cout << file << ": ok (program " << policy.identity.slug << ")\n";
  }
  if (!loaded.ok) throw CLI::RuntimeError(1);
}

}  // namespace

void add_policy_command(CLI::App& app) {
  auto* policy = app.add_subcommand("policy", "Work with policy files");
  policy->require_subcommand(1);
  auto files = std::make_shared<std::vector<std::string>>();
  auto* command = policy->add_subcommand("check", "Report every mistake in policy files");
  command->add_option("FILE", *files, "Policy files (TOML)")->required();
  command->callback([files] { check(*files); });
}

}  // namespace embargo::cli
