#pragma once

#include <CLI/App.hpp>

namespace embargo::cli {

// Each adds one subcommand (with its own --help) to the application.
void add_init_command(CLI::App& app);
void add_serve_command(CLI::App& app);
void add_policy_command(CLI::App& app);
void add_program_command(CLI::App& app);
void add_user_command(CLI::App& app);
void add_member_command(CLI::App& app);
void add_settings_command(CLI::App& app);
void add_token_command(CLI::App& app);
void add_report_command(CLI::App& app);
void add_backup_command(CLI::App& app);
void add_migrate_command(CLI::App& app);
void add_cwe_command(CLI::App& app);
void add_cvss_command(CLI::App& app);
void add_versions_command(CLI::App& app);
void add_demo_command(CLI::App& app);
void add_mail_command(CLI::App& app);
void add_webhook_command(CLI::App& app);
void add_advisory_command(CLI::App& app);
// `embargo program key ...`, added to the program command.
void add_program_key_command(CLI::App& program);

}  // namespace embargo::cli
