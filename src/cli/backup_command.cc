#include <iostream>

#include "cli/data_dir.h"
#include "cli/subcommands.h"

namespace embargo::cli {
namespace {

struct BackupOptions {
  std::string data;
  std::string destination;
};

void backup(const BackupOptions& o) {
  auto store = open_store(o.data);
  store->backup(o.destination);
  std::cout << "backed up " << database_path(o.data).string() << " to " << o.destination << '\n';
}

}  // namespace

void add_backup_command(CLI::App& app) {
  auto options = std::make_shared<BackupOptions>();
  auto* command =
      app.add_subcommand("backup", "Copy the whole store to a file while the server keeps running");
  add_data_option(*command, options->data);
  command->add_option("DEST", options->destination, "The backup file to create")->required();
  command->callback([options] { backup(*options); });
}

}  // namespace embargo::cli
