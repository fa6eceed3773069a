#include <iostream>

#include "cli/data_dir.h"
#include "cli/subcommands.h"

namespace embargo::cli {
namespace {

struct SettingsOptions {
  std::string data;
  bool required = false;
  bool optional = false;
};

// The instance-wide switch the admin page has too: with --required every account must set up
// two-factor sign-in before it reaches any other desk page. Without a flag it shows the setting.
void two_factor(const SettingsOptions& o) {
  auto store = open_store(o.data);
  auto& accounts = store->accounts();
  if (o.required || o.optional) accounts.set_two_factor_required(o.required, "cli");
  if (!accounts.two_factor_required()) {
    std::cout << "two-factor sign-in: optional\n";
    return;
  }
  std::int64_t without = 0;
  for (const auto& user : accounts.list_users()) {
    if (!user.two_factor) ++without;
  }
  std::cout << "two-factor sign-in: required for every account\n";
  if (without > 0) {
    std::cout << without << (without == 1 ? " account" : " accounts")
              << " without it must set it up at the next sign-in\n";
  }
}

}  // namespace

void add_settings_command(CLI::App& app) {
  auto* settings = app.add_subcommand("settings", "Change the instance's settings");
  settings->require_subcommand(1);

  auto options = std::make_shared<SettingsOptions>();
  auto* two_factor_command = settings->add_subcommand(
      "two-factor", "Require two-factor sign-in for every account, or make it optional");
  add_data_option(*two_factor_command, options->data);
  auto* required = two_factor_command->add_flag("--required", options->required,
                                                "Every account must use two-factor sign-in");
  auto* optional = two_factor_command->add_flag("--optional", options->optional,
                                                "Each account chooses (the default)");
  required->excludes(optional);
  two_factor_command->callback([options] { two_factor(*options); });
}

}  // namespace embargo::cli
