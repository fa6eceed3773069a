#include <filesystem>
#include <iostream>
#include <system_error>

#include "auth/secret_box.h"
#include "cli/data_dir.h"
#include "cli/subcommands.h"
#include "core/error.h"

namespace embargo::cli {
namespace {

struct BackupOptions {
  DataLocation data;
  std::string destination;
};

// Where the instance key goes beside a backup of the database: DEST.key.
std::filesystem::path key_destination(const std::string& destination) {
  return destination + ".key";
}

void refuse_existing(const std::filesystem::path& path) {
  if (std::filesystem::exists(path)) {
    throw conflict("destination", path.string() + " already exists; choose a new name");
  }
}

// The database alone cannot be restored with its TOTP enrolments: they are sealed under the
// instance key. So a backup is both files, and neither is written when either already exists;
// when the key cannot be written, the database copy just made is removed again.
void backup(const BackupOptions& o) {
  std::filesystem::path key_copy = key_destination(o.destination);
  refuse_existing(o.destination);
  refuse_existing(key_copy);
  auto store = open_store(o.data);
  auto box = auth::SecretBox::from_key_file(instance_key_path(o.data.dir));
  store->backup(o.destination);
  try {
    box.write_key_file(key_copy);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(o.destination, ignored);
    throw;
  }
  std::cout << "backed up " << store_name(o.data) << " to " << o.destination << '\n'
            << "backed up " << instance_key_path(o.data.dir).string() << " to " << key_copy.string()
            << '\n';
}

}  // namespace

void add_backup_command(CLI::App& app) {
  auto options = std::make_shared<BackupOptions>();
  auto* command = app.add_subcommand(
      "backup",
      "Copy the whole store to a file, and the instance key to FILE.key, while the server keeps "
      "running");
  add_data_option(*command, options->data);
  command
      ->add_option("DEST", options->destination,
                   "The backup file to create (the key goes to DEST.key)")
      ->required();
  command->callback([options] { backup(*options); });
}

}  // namespace embargo::cli
