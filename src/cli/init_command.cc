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
  DataLocation data;
  std::string email;
};

// Creates the data directory (private to its owner: it holds unpublished vulnerabilities) with
// the instance key, the database (SQLite in the directory, or the schema of the PostgreSQL
// database given), and the first instance admin, whose password is printed once and never
// stored. A PostgreSQL database that already has accounts is refused: another server of the
// instance initialised it, and this one needs a copy of that server's data directory instead.
void init(const InitOptions& o) {
  if (!is_valid_email(o.email))
    throw invalid("email", "--email: '" + o.email + "' is not an email address");
  namespace fs = std::filesystem;
  const std::string& dir = o.data.dir;
  if (o.data.database.empty() && fs::exists(database_path(dir))) {
    throw conflict("data", "'" + dir + "' is already initialised");
  }
  if (!o.data.database.empty() && fs::exists(instance_key_path(dir))) {
    throw conflict("data", "'" + dir + "' already holds an instance key");
  }
  if (fs::create_directories(dir)) {
    fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace);
  }
  auto store = open_bare_store(o.data);
  if (!o.data.database.empty() && !store->accounts().list_users().empty()) {
    throw conflict("database", store_name(o.data) +
                                   " is already initialised: copy the data directory of a "
                                   "server of this instance (its instance.key) instead");
  }
  auth::SecretBox::from_key_file(instance_key_path(dir));
  std::string password = auth::generate_password();
  store->accounts().add_user(o.email, auth::hash_password(password), true, "cli");
  std::cout << "Initialised " << dir
            << (o.data.database.empty() ? "" : " and " + store_name(o.data))
            << " (back up its instance.key with the database)\n"
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
