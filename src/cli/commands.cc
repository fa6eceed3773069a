#include "cli/commands.h"

#include <sys/stat.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "cli/subcommands.h"
#include "core/error.h"
#include "core/version.h"

namespace embargo::cli {

int run(int argc, char** argv) {
  // Everything embargo writes (the database, its WAL, backups) holds unpublished
  // vulnerabilities: only its owner may read it, whatever the caller's umask.
  ::umask(077);
  CLI::App app{"Embargo: a coordinated vulnerability disclosure desk", "embargo"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "embargo " + std::string(kEmbargoVersion));
  add_init_command(app);
  add_serve_command(app);
  add_policy_command(app);
  add_program_command(app);
  add_user_command(app);
  add_member_command(app);
  add_settings_command(app);
  add_token_command(app);
  add_report_command(app);
  add_backup_command(app);
  add_migrate_command(app);
  add_cwe_command(app);
  add_cvss_command(app);
  add_versions_command(app);
  add_demo_command(app);
  add_mail_command(app);
  add_webhook_command(app);
  add_advisory_command(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    int status = app.exit(e);
    return status == 0 ? 0 : 2;
  } catch (const Refusal& e) {
    std::cerr << "embargo: " << e.what() << '\n';
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "embargo: error: " << e.what() << '\n';
    return 1;
  }
  return 0;
}

}  // namespace embargo::cli
