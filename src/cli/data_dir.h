#pragma once

#include <CLI/App.hpp>
#include <filesystem>
#include <memory>
#include <string>

#include "store/store.h"

namespace embargo::cli {

// Adds `--data DIR` (default ./data) to a subcommand, bound to `dir`.
void add_data_option(CLI::App& command, std::string& dir);

// The database file inside a data directory.
std::filesystem::path database_path(const std::string& dir);

// The instance key file inside a data directory (auth/secret_box.h): it seals the TOTP secrets,
// so a backup of the directory must include it.
std::filesystem::path instance_key_path(const std::string& dir);

// The instance's GnuPG home inside a data directory: the programs' keys and the reporters'.
std::filesystem::path gnupg_home(const std::string& dir);

// Opens the store of an initialised data directory, with the reporter's, the team's and the
// webhook announcers installed so that every change a command makes is announced as the
// server's are (jobs/mail_announcer.h, jobs/team_announcer.h, jobs/webhook_announcer.h); throws
// Refusal naming `embargo init` when the directory has not been initialised, so that a typo in
// --data never creates a new store.
std::unique_ptr<store::Store> open_store(const std::string& dir);

}  // namespace embargo::cli
