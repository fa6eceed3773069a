#include <iostream>

#include "cli/data_dir.h"
#include "cli/subcommands.h"
#include "core/error.h"
#include "store/migrations.h"

namespace embargo::cli {
namespace {

struct MigrateOptions {
  DataLocation data;
  std::string from;
  std::string to;
};

// Without --from: brings the store to this binary's schema (what every command does when it
// opens the store; this one does only that) and says where it stands, refusing a store written
// by a newer embargo. With --from DIR --to URL: moves a SQLite instance into PostgreSQL.
void migrate(const MigrateOptions& o) {
  if (o.from.empty() != o.to.empty()) {
    throw invalid(o.from.empty() ? "from" : "to", "--from DATA_DIR and --to URL go together");
  }
  if (o.from.empty()) {
    open_bare_store(o.data).reset();
    std::cout << store_name(o.data) << " is at schema version "
              << store::migrations().back().version << ", this embargo's newest\n";
    return;
  }
  DataLocation source{o.from, ""};
  auto moved = store::copy_sqlite_to_postgres(database_path(o.from), o.to);
  std::int64_t rows = 0;
  for (const auto& table : moved) {
    std::cout << "  " << table.table << ": " << table.rows << "\n";
    rows += table.rows;
  }
  DataLocation destination{o.from, o.to};
  std::cout << "Copied " << rows << " rows of " << moved.size() << " tables from "
            << store_name(source) << " to " << store_name(destination)
            << "; each table's count and digest match.\n"
            << "The instance key stays in " << o.from
            << ": start the first server with that directory (its GnuPG home gives the database"
               " the program key pairs it lacks), give every other server a copy of its"
               " instance.key, and start each with\n"
            << "  embargo serve --data " << o.from << " --database <the URL>\n";
}

}  // namespace

void add_migrate_command(CLI::App& app) {
  auto options = std::make_shared<MigrateOptions>();
  auto* command = app.add_subcommand(
      "migrate",
      "Bring the store to this embargo's schema; or, with --from and --to, copy a SQLite "
      "instance into an empty PostgreSQL database and check the copy");
  add_data_option(*command, options->data);
  command->add_option("--from", options->from, "The data directory of the SQLite instance to copy");
  command->add_option("--to", options->to,
                      "The PostgreSQL database to copy it into (postgresql://...), empty");
  command->callback([options] { migrate(*options); });
}

}  // namespace embargo::cli
