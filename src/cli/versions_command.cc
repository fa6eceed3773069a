#include <boost/json/serialize.hpp>
#include <iostream>

#include "cli/subcommands.h"
#include "core/error.h"
#include "scoring/range_expression.h"
#include "scoring/version.h"

namespace embargo::cli {
namespace {

struct AffectedOptions {
  std::string ecosystem;
  std::vector<std::string> ranges;
  std::vector<std::string> versions;
  bool json = false;
};

// Prints, for each VERSION, whether any of the --ranges contains it. Every range and version is
// parsed before anything is printed, so a typo never yields a partial answer.
void affected(const AffectedOptions& o) {
  std::string error;
  auto scheme = scoring::parse_version_scheme(o.ecosystem, &error);
  if (!scheme) throw invalid("ecosystem", "--ecosystem: " + error);
  std::vector<scoring::RangeExpression> ranges;
  for (const auto& text : o.ranges) {
    auto range = scoring::parse_range_expression(*scheme, text, &error);
    if (!range) throw invalid("ranges", "--ranges '" + text + "': " + error);
    ranges.push_back(std::move(*range));
  }
  std::vector<scoring::Version> versions;
  for (const auto& text : o.versions) {
    auto version = scoring::parse_version(*scheme, text, &error);
    if (!version) throw invalid("VERSION", "'" + text + "': " + error);
    versions.push_back(std::move(*version));
  }
  for (std::size_t i = 0; i < versions.size(); ++i) {
    bool hit = scoring::affected(versions[i], ranges);
    if (o.json) {
      boost::json::object row{{"version", o.versions[i]},
                              {"normalized", scoring::to_string(versions[i])},
                              {"affected", hit}};
      std::cout << boost::json::serialize(row) << '\n';
    } else {
      std::cout << o.versions[i] << '\t' << (hit ? "affected" : "not affected") << '\n';
    }
  }
}

}  // namespace

void add_versions_command(CLI::App& app) {
  auto* versions = app.add_subcommand("versions", "Version schemes and ranges");
  versions->require_subcommand(1);
  auto options = std::make_shared<AffectedOptions>();
  auto* command =
      versions->add_subcommand("affected", "Whether versions fall in vulnerable ranges");
  command->add_option("--ecosystem", options->ecosystem, "semver, pypi (PEP 440) or generic")
      ->required();
  command
      ->add_option("--ranges", options->ranges,
                   "A range like '>= 1.2, < 1.4.3'; repeat for several (any one matches)")
      ->allow_extra_args(false)
      ->required();
  command->add_option("VERSION", options->versions, "Versions to check")->required();
  command->add_flag("--json", options->json, "One JSON object per line");
  command->callback([options] { affected(*options); });
}

}  // namespace embargo::cli
