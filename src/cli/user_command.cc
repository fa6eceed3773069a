#include <boost/json.hpp>
#include <iostream>
#include <tuple>

#include "auth/password.h"
#include "cli/data_dir.h"
#include "cli/secret_input.h"
#include "cli/subcommands.h"
#include "core/email.h"
#include "core/error.h"

namespace embargo::cli {
namespace {

struct UserOptions {
  DataLocation data;
  std::string email;
  bool password_stdin = false;
  bool admin = false;
  bool json = false;
};

// The password from standard input (read_secret_line), if it is strong enough.
std::string read_password() {
  std::string password = read_secret_line();
  auth::check_password_strength(password);
  return password;
}

void add_user(const UserOptions& o) {
  if (!is_valid_email(o.email))
    throw invalid("email", "--email: '" + o.email + "' is not an email address");
  if (!o.password_stdin) {
    throw invalid("password", "give the password on standard input with --password-stdin");
  }
  std::string password = read_password();
  auto store = open_store(o.data);
  store->accounts().add_user(o.email, auth::hash_password(password), o.admin, "cli");
  std::cout << "added " << (o.admin ? "admin " : "user ") << o.email << '\n';
}

// For a team member who lost their password or is locked out: the new one is theirs to give
// (--password-stdin) or generated and shown once. Every session of the account ends.
void reset_password(const UserOptions& o) {
  std::string password = o.password_stdin ? read_password() : auth::generate_password();
  auto store = open_store(o.data);
  auto user = store->accounts().find_user(o.email);
  if (!user) throw not_found("email", "--email: there is no account for " + o.email);
  store->accounts().set_password(user->key, auth::hash_password(password), 0, "cli");
  std::cout << "Password of " << user->email
            << " reset; every session of the account is signed out.\n";
  if (!o.password_stdin) {
    std::cout << "One-time password: " << password << "\n"
              << "It is shown only now: give it to its owner, who should change it.\n";
  }
}

// Someone leaves the team, or their laptop is lost: each step on its own, all audited.
enum class Offboarding { disable, enable, sign_out, make_admin, revoke_admin, remove };

void offboard(const UserOptions& o, Offboarding step) {
  auto store = open_store(o.data);
  auto& accounts = store->accounts();
  auto user = accounts.find_user(o.email);
  if (!user) throw not_found("email", "--email: there is no account for " + o.email);
  switch (step) {
    case Offboarding::disable:
      accounts.disable_user(user->key, "cli");
      std::cout << user->email << " disabled: it cannot sign in, and its sessions and tokens "
                << "are revoked.\n";
      break;
    case Offboarding::enable:
      accounts.enable_user(user->key, "cli");
      std::cout << user->email << " enabled; it signs in again with its password.\n";
      break;
    case Offboarding::sign_out: {
      int revoked = accounts.sign_out_everywhere(user->key, "cli");
      std::cout << user->email << ": " << revoked << " sessions and tokens revoked.\n";
      break;
    }
    case Offboarding::make_admin:
      accounts.set_admin(user->key, true, "cli");
      std::cout << user->email << " is an instance admin.\n";
      break;
    case Offboarding::revoke_admin:
      accounts.set_admin(user->key, false, "cli");
      std::cout << user->email << " is no longer an instance admin.\n";
      break;
    case Offboarding::remove:
      accounts.delete_user(user->key, "cli");
      std::cout << user->email << " deleted: its roles, sessions and tokens are gone and the "
                << "reports it handled have no handler; the audit log keeps its past actions.\n";
      break;
  }
}

void list_users(const UserOptions& o) {
  auto store = open_store(o.data);
  auto users = store->accounts().list_users();
  Time at = store->time().now();
  for (const auto& u : users) {
    bool locked = u.locked_until && *u.locked_until > at;
    if (o.json) {
      boost::json::object row{{"email", u.email},
                              {"admin", u.admin},
                              {"two_factor", u.two_factor},
                              {"created_at", format_time(u.created_at)}};
      if (locked) row["locked_until"] = format_time(*u.locked_until);
      if (u.disabled_at) row["disabled_at"] = format_time(*u.disabled_at);
      std::cout << boost::json::serialize(row) << '\n';
      continue;
    }
    std::cout << u.email << "\t" << (u.admin ? "admin" : "user") << "\t"
              << (u.two_factor ? "2fa on" : "2fa off") << "\tcreated " << format_time(u.created_at);
    if (locked) std::cout << "\tlocked until " << format_time(*u.locked_until);
    if (u.disabled_at) std::cout << "\tdisabled " << format_time(*u.disabled_at);
    std::cout << '\n';
  }
}

}  // namespace

void add_user_command(CLI::App& app) {
  auto* user = app.add_subcommand("user", "Manage team accounts");
  user->require_subcommand(1);

  auto add_options = std::make_shared<UserOptions>();
  auto* add = user->add_subcommand("add", "Add a team account");
  add_data_option(*add, add_options->data);
  add->add_option("--email", add_options->email, "The account's email address")->required();
  add->add_flag("--password-stdin", add_options->password_stdin,
                "Read the password from the first line of standard input");
  add->add_flag("--admin", add_options->admin, "Make the account an instance admin");
  add->callback([add_options] { add_user(*add_options); });

  auto reset_options = std::make_shared<UserOptions>();
  auto* reset = user->add_subcommand(
      "reset-password", "Replace an account's password, sign out its sessions, lift its lock");
  add_data_option(*reset, reset_options->data);
  reset->add_option("--email", reset_options->email, "The account's email address")->required();
  reset->add_flag("--password-stdin", reset_options->password_stdin,
                  "Read the new password from standard input instead of generating one");
  reset->callback([reset_options] { reset_password(*reset_options); });

  auto list_options = std::make_shared<UserOptions>();
  auto* list = user->add_subcommand("list", "List the team accounts");
  add_data_option(*list, list_options->data);
  list->add_flag("--json", list_options->json, "One JSON object per line");
  list->callback([list_options] { list_users(*list_options); });

  for (auto [name, help, step] :
       {std::tuple{"disable", "Switch an account off: no sign-in, every session and token revoked",
                   Offboarding::disable},
        std::tuple{"enable", "Switch a disabled account on again", Offboarding::enable},
        std::tuple{"sign-out", "Revoke every session and API token of an account at once",
                   Offboarding::sign_out},
        std::tuple{"make-admin", "Make an account an instance admin", Offboarding::make_admin},
        std::tuple{"revoke-admin", "Take the instance-admin right from an account",
                   Offboarding::revoke_admin},
        std::tuple{"delete",
                   "Delete an account: roles, sessions and tokens go, its reports lose it as "
                   "handler; the audit log keeps its past actions",
                   Offboarding::remove}}) {
    auto options = std::make_shared<UserOptions>();
    auto* command = user->add_subcommand(name, help);
    add_data_option(*command, options->data);
    command->add_option("--email", options->email, "The account's email address")->required();
    command->callback([options, step = step] { offboard(*options, step); });
  }
}

}  // namespace embargo::cli
