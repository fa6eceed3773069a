#include <iostream>

#include "auth/password.h"
#include "cli/data_dir.h"
#include "cli/subcommands.h"
#include "core/email.h"
#include "core/error.h"

namespace embargo::cli {
namespace {

struct UserOptions {
  std::string data;
  std::string email;
  bool password_stdin = false;
  bool admin = false;
};

// The password comes only from standard input, never from argv, where other users of the
// machine could read it in the process list.
void add_user(const UserOptions& o) {
  if (!is_valid_email(o.email))
    throw invalid("email", "--email: '" + o.email + "' is not an email address");
  if (!o.password_stdin) {
    throw invalid("password", "give the password on standard input with --password-stdin");
  }
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  auth::check_password_strength(password);
  auto store = open_store(o.data);
  store->accounts().add_user(o.email, auth::hash_password(password), o.admin, "cli");
  std::cout << "added " << (o.admin ? "admin " : "user ") << o.email << '\n';
}

}  // namespace

void add_user_command(CLI::App& app) {
  auto* user = app.add_subcommand("user", "Manage team accounts");
  user->require_subcommand(1);
  auto options = std::make_shared<UserOptions>();
  auto* command = user->add_subcommand("add", "Add a team account");
  add_data_option(*command, options->data);
  command->add_option("--email", options->email, "The account's email address")->required();
  command->add_flag("--password-stdin", options->password_stdin,
                    "Read the password from the first line of standard input");
  command->add_flag("--admin", options->admin, "Make the account an instance admin");
  command->callback([options] { add_user(*options); });
}

}  // namespace embargo::cli
