#include <filesystem>
#include <iostream>

#include "auth/password.h"
#include "auth/secret_box.h"
#include "cli/command_time.h"
#include "cli/data_dir.h"
#include "cli/subcommands.h"
#include "core/email.h"
#include "core/error.h"

namespace embargo::cli {
namespace {

struct InitOptions {
  std::string data;
  std::string email;
};

// Creates the data directory (private to its owner: it holds unpublished vulnerabilities), the
// database, and the first instance admin, whose password is printed once and never stored.
void init(const InitOptions& o) {
  if (!is_valid_email(o.email))
    throw invalid("email", "--email: '" + o.email + "' is not an email address");
  namespace fs = std::filesystem;
  if (fs::exists(database_path(o.data))) {
    throw conflict("data", "'" + o.data + "' is already initialised");
  }
  if (fs::create_directories(o.data)) {
    fs::permissions(o.data, fs::perms::owner_all, fs::perm_options::replace);
  }
  auth::SecretBox::from_key_file(instance_key_path(o.data));
  auto store = store::open_sqlite({.path = database_path(o.data), .time = &command_time()});
  std::string password = auth::generate_password();
  store->accounts().add_user(o.email, auth::hash_password(password), true, "cli");
  std::cout << "Initialised " << o.data << " (back up its instance.key with the database)\n"
            << "Admin account: " << o.email << "\n"
            << "One-time password: " << password << "\n"
            << "It is shown only now: keep it, and change it after your first sign-in.\n";
}

}  // namespace

void add_init_command(CLI::App& app) {
  auto options = std::make_shared<InitOptions>();
  auto* command = app.add_subcommand("init", "Create the data directory and an admin account");
  add_data_option(*command, options->data);
  command->add_option("--email", options->email, "The admin account's email address")
      ->default_val("admin@embargo.localhost")
      ->capture_default_str();
  command->callback([options] { init(*options); });
}

}  // namespace embargo::cli
