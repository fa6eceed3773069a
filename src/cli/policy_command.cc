#include <array>
#include <iostream>
#include <string_view>

#include "cli/command_time.h"
#include "cli/policy_files.h"
#include "cli/subcommands.h"
#include "core/time.h"
#include "formats/security_md.h"
#include "formats/security_txt.h"
#include "http/public/public_pages.h"
#include "http/site.h"

namespace embargo::cli {
namespace {

// Checks every file and prints every mistake as FILE:LINE:COL: message; exit status 1 if any.
void check(const std::vector<std::string>& files) {
  auto loaded = load_policy_files(files);
  for (const auto& [file, policy] : loaded.policies) {
    std::cout << file << ": ok (program " << policy.identity.slug << ")\n";
  }
  if (!loaded.ok) throw CLI::RuntimeError(1);
}

// One format `embargo policy render` writes: the text, and what to warn the user of on stderr.
struct RenderFormat {
  std::string_view name;
  std::string (*render)(const Policy& policy, const http::Site& site);
  std::vector<std::string> (*warnings)(const Policy& policy, const http::Site& site);
};

std::vector<std::string> no_warnings(const Policy&, const http::Site&) { return {}; }

constexpr std::array kRenderFormats = {
    RenderFormat{"html", http::program_page_html, no_warnings},
    RenderFormat{
        "security-md",
        [](const Policy& p, const http::Site& s) { return formats::security_md(p, s.public_url); },
        no_warnings},
    RenderFormat{"security-txt",
                 [](const Policy& p, const http::Site& s) {
                   return formats::program_security_txt(p, s.public_url, command_time().now());
                 },
                 [](const Policy& p, const http::Site& s) {
                   return formats::security_txt_warnings(p, s.public_url);
                 }},
};

// Where `embargo serve` listens when told nothing: links in a rendering made without
// --public-url point there.
constexpr std::string_view kDefaultPublicUrl = "http://127.0.0.1:8080";

struct RenderOptions {
  std::string file;
  std::string format;
  std::string public_url{kDefaultPublicUrl};
};

// Writes one policy file in one format to stdout; load errors as `policy check` prints them.
void render(const RenderOptions& o) {
  const http::Site site = http::make_site(o.public_url);
  auto loaded = load_policy_files({o.file});
  if (!loaded.ok) throw CLI::RuntimeError(1);
  const Policy& policy = loaded.policies.front().second;
  for (const auto& format : kRenderFormats) {
    if (format.name != o.format) continue;
    for (const auto& warning : format.warnings(policy, site)) {
      std::cerr << "embargo: warning: " << warning << '\n';
    }
    std::cout << format.render(policy, site);
  }
}

void add_render_command(CLI::App& policy) {
  auto options = std::make_shared<RenderOptions>();
  std::vector<std::string> names;
  names.reserve(kRenderFormats.size());
  for (const auto& format : kRenderFormats) names.emplace_back(format.name);
  std::string formats_list;
  for (const auto& name : names) formats_list += (formats_list.empty() ? "" : "|") + name;
  auto* command = policy.add_subcommand("render", "Write a policy as " + formats_list);
  command->add_option("FILE", options->file, "Policy file (TOML)")->required();
  command->add_option("--format", options->format, formats_list)
      ->required()
      ->check(CLI::IsMember(names));
  command
      ->add_option("--public-url", options->public_url,
                   "The address the instance is reached at, for links")
      ->capture_default_str();
  command->callback([options] { render(*options); });
}

}  // namespace

void add_policy_command(CLI::App& app) {
  auto* policy = app.add_subcommand("policy", "Work with policy files");
  policy->require_subcommand(1);
  auto files = std::make_shared<std::vector<std::string>>();
  auto* command = policy->add_subcommand("check", "Report every mistake in policy files");
  command->add_option("FILE", *files, "Policy files (TOML)")->required();
  command->callback([files] { check(*files); });
  add_render_command(*policy);
}

}  // namespace embargo::cli
