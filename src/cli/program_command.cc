#include <boost/json/serialize.hpp>
#include <iostream>

#include "cli/data_dir.h"
#include "cli/policy_files.h"
#include "cli/subcommands.h"
#include "core/time.h"

namespace embargo::cli {
namespace {

struct ProgramOptions {
  DataLocation data;
  std::vector<std::string> files;
  bool json = false;
};

// All files are checked, then applied in one transaction: a mistake in any of them, or a
// refusal by the store, leaves every program unchanged.
void apply(const ProgramOptions& o) {
  auto loaded = load_policy_files(o.files);
  if (!loaded.ok) throw CLI::RuntimeError(1);
  auto store = open_store(o.data);
  std::vector<store::PolicySource> sources;
  std::vector<bool> existed;
  for (std::size_t i = 0; i < loaded.policies.size(); ++i) {
    const Policy& policy = loaded.policies[i].second;
    existed.push_back(store->find_program(policy.identity.slug).has_value());
    sources.push_back({policy, loaded.sources[i]});
  }
  store->apply_programs(sources, "cli");
  for (std::size_t i = 0; i < sources.size(); ++i) {
    std::cout << (existed[i] ? "updated " : "created ") << sources[i].policy.identity.slug
              << " from " << loaded.policies[i].first << '\n';
  }
}

void list(const ProgramOptions& o) {
  auto store = open_store(o.data);
  auto programs = store->list_programs();
  if (o.json) {
    for (const auto& p : programs) {
      boost::json::object row{
          {"slug", p.policy.identity.slug},           {"name", p.policy.identity.name},
          {"id_prefix", p.policy.identity.id_prefix}, {"homepage", p.policy.identity.homepage},
          {"created_at", format_time(p.created_at)},  {"updated_at", format_time(p.updated_at)}};
      std::cout << boost::json::serialize(row) << '\n';
    }
    return;
  }
  if (programs.empty()) {
    std::cout << "no programs yet: add one with `embargo program apply FILE`\n";
    return;
  }
  for (const auto& p : programs) {
    std::cout << p.policy.identity.slug << "\t" << p.policy.identity.name << "\t"
              << p.policy.identity.id_prefix << "\tupdated " << format_time(p.updated_at) << '\n';
  }
}

}  // namespace

void add_program_command(CLI::App& app) {
  auto* program = app.add_subcommand("program", "Manage disclosure programs");
  program->require_subcommand(1);

  auto apply_options = std::make_shared<ProgramOptions>();
  auto* apply_command =
      program->add_subcommand("apply", "Create or update programs from their policy files");
  add_data_option(*apply_command, apply_options->data);
  apply_command->add_option("FILE", apply_options->files, "Policy files (TOML)")->required();
  apply_command->callback([apply_options] { apply(*apply_options); });

  auto list_options = std::make_shared<ProgramOptions>();
  auto* list_command = program->add_subcommand("list", "List the programs");
  add_data_option(*list_command, list_options->data);
  list_command->add_flag("--json", list_options->json, "One JSON object per line");
  list_command->callback([list_options] { list(*list_options); });

  add_program_key_command(*program);
}

}  // namespace embargo::cli
