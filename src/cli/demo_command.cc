#include <chrono>
#include <iostream>

#include "cli/data_dir.h"
#include "cli/demo_data.h"
#include "cli/subcommands.h"
#include "core/access.h"
#include "core/error.h"

namespace embargo::cli {
namespace {

struct DemoOptions {
  DataLocation data;
  std::int64_t reports = 1000;
  std::vector<std::string> programs;
  std::uint64_t seed = 1;
  int batch = 1000;
};

// Fills a store with generated reports through the store's import, a batch per transaction
// (one fsync per batch), so that 100,000 reports take minutes, not hours.
void seed(const DemoOptions& o) {
  auto store = open_store(o.data);
  std::vector<Policy> policies;
  std::vector<std::vector<std::string>> teams;
  for (const auto& slug : o.programs) {
    auto program = store->find_program(slug);
    if (!program) throw not_found("program", "--program: there is no program '" + slug + "'");
    policies.push_back(program->policy);
    auto& team = teams.emplace_back();
    for (const auto& member : store->accounts().list_members(slug)) {
      if (member.role != Role::viewer) team.push_back(member.email);
    }
  }
  auto started = std::chrono::steady_clock::now();
  DemoData data(std::move(policies), std::move(teams), o.reports, o.seed, store->time().now());
  std::int64_t stored = 0;
  for (;;) {
    auto batch = data.next_batch(static_cast<std::size_t>(o.batch));
    if (batch.empty()) break;
    auto ids = store->import_reports(batch, "demo");
    data.stored(batch, ids);
    stored += static_cast<std::int64_t>(ids.size());
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "seeded " << stored << " reports in " << o.programs.size() << " program"
            << (o.programs.size() == 1 ? "" : "s") << " (" << seconds << " s)\n";
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto* demo = app.add_subcommand("demo", "Demo data");
  demo->require_subcommand(1);
  auto options = std::make_shared<DemoOptions>();
  auto* command = demo->add_subcommand(
      "seed", "Store generated reports (received over the past 18 months) in existing programs");
  add_data_option(*command, options->data);
  command->add_option("--reports", options->reports, "How many reports")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{10'000'000}));
  command->add_option("--program", options->programs, "Program slug (repeat for several)")
      ->required();
  command->add_option("--seed", options->seed, "Random seed: the same seed, the same reports");
  command->add_option("--batch", options->batch, "Reports per transaction")
      ->check(CLI::Range(1, 10000));
  command->callback([options] { seed(*options); });
}

}  // namespace embargo::cli
