#pragma once

#include <CLI/App.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "store/store.h"

namespace embargo::cli {

// Where an instance keeps what it has: the data directory (its instance key, its GnuPG home,
// spooled request bodies, and the SQLite database) and, when the store is a PostgreSQL database
// shared by several servers, that database's URL; the directory then keeps the rest.
struct DataLocation {
  std::string dir;
  std::string database;  // postgresql://...; empty: SQLite in dir
};

// Adds `--data DIR` (default ./data) and `--database URL` (or EMBARGO_DATABASE) to a subcommand.
void add_data_option(CLI::App& command, DataLocation& data);

// The store, for messages: "data/embargo.db" or "PostgreSQL database embargo" (never a password).
std::string store_name(const DataLocation& data);

// The database file inside a data directory.
std::filesystem::path database_path(const std::string& dir);

// The instance key file inside a data directory (auth/secret_box.h): it seals the TOTP secrets,
// so a backup of the directory must include it.
std::filesystem::path instance_key_path(const std::string& dir);

// The instance's GnuPG home inside a data directory: the programs' keys and the reporters'.
std::filesystem::path gnupg_home(const std::string& dir);

// Opens the store (SQLite in the directory, or the PostgreSQL database), applying pending
// migrations, without announcers: for the commands that make or move a store.
std::unique_ptr<store::Store> open_bare_store(const DataLocation& data);

// Opens the store of an initialised instance, with the reporter's, the team's and the webhook
// announcers installed so that every change a command makes is announced as the server's are
// (jobs/mail_announcer.h, jobs/team_announcer.h, jobs/webhook_announcer.h); throws Refusal
// naming `embargo init` when the directory has not been initialised (no database, or with
// --database no instance key), so that a typo in --data never creates a new store.
std::unique_ptr<store::Store> open_store(const DataLocation& data);

}  // namespace embargo::cli
