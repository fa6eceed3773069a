#include "http/handlers/policy_text_routes.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/time.h"
#include "formats/security_md.h"
#include "formats/security_txt.h"
#include "http/handlers/program_api.h"
#include "http/page_cache.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

constexpr std::string_view kPlainText = "text/plain; charset=utf-8";
constexpr std::string_view kMarkdown = "text/markdown; charset=utf-8";
// Short, so that a changed policy (or the next day's Expires) reaches clients within minutes;
// revalidation with the ETag is cheap.
constexpr std::string_view kPublicCache = "public, max-age=300";

// One of a program's plain-text renderings: its name in cache keys, its content type, whether
// its bytes change at midnight UTC (security.txt's Expires), and how it is made.
struct ProgramText {
  std::string_view name;
  std::string_view content_type;
  bool daily;
  std::string (*render)(const Policy& policy, const Site& site, Time at);
};

constexpr ProgramText kSecurityTxt{
    "security.txt", kPlainText, true, [](const Policy& policy, const Site& site, Time at) {
      return formats::program_security_txt(policy, site.public_url, at);
    }};
constexpr ProgramText kSecurityMd{"SECURITY.md", kMarkdown, false,
                                  [](const Policy& policy, const Site& site, Time) {
                                    return formats::security_md(policy, site.public_url);
                                  }};

// One program's rendering from the cache, made again when the program's revision changes (and,
// for daily ones, the UTC day).
Response program_text(const Request& request, std::string_view slug, const ProgramText& text,
                      store::Store& store, const Site& site, PageCache& cache) {
  auto revision = find_program_revision(store, slug);
  if (!revision) return unknown_program(request, slug);
  Time at = now();
  std::string version = revision_version(*revision);
  if (text.daily) version = daily_version(std::move(version), at);
  auto render = [&]() -> std::optional<std::string> {
    auto program = find_program_by_slug(store, slug);
    if (!program) return std::nullopt;
    return text.render(program->policy, site, at);
  };
  auto page = cache.find_or_render(std::string(text.name) + ":" + std::string(slug),
                                   std::move(version), text.content_type, render);
  if (!page) return unknown_program(request, slug);
  return cached_response(request, *page, kPublicCache);
}

Response no_programs(const Request& request) {
  return error_response(request, bh::status::not_found, "no_programs",
                        "no disclosure program is published on this instance yet");
}

Response instance_security_txt(const Request& request, store::Store& store, const Site& site,
                               PageCache& cache) {
  auto revisions = store.program_revisions();
  if (revisions.empty()) return no_programs(request);
  Time at = now();
  auto render = [&]() -> std::optional<std::string> {
    std::vector<Policy> policies;
    for (auto& program : store.list_programs()) policies.push_back(std::move(program.policy));
    if (policies.empty()) return std::nullopt;
    return formats::instance_security_txt(policies, site.public_url, at);
  };
  auto page =
      cache.find_or_render("well-known-security.txt",
                           daily_version(revisions_version(revisions), at), kPlainText, render);
  if (!page) return no_programs(request);
  return cached_response(request, *page, kPublicCache);
}

}  // namespace

void add_policy_text_routes(Router& router, store::Store& store, const Site& site) {
  auto cache = std::make_shared<PageCache>();
  router.add(bh::verb::get, "/p/{slug}/security.txt",
             [&store, site, cache](const Request& request, const PathParams& params) {
               return program_text(request, params.get("slug"), kSecurityTxt, store, site, *cache);
             });
  router.add(bh::verb::get, "/.well-known/security.txt",
             [&store, site, cache](const Request& request) {
               return instance_security_txt(request, store, site, *cache);
             });
  router.add(bh::verb::get, "/p/{slug}/SECURITY.md",
             [&store, site, cache](const Request& request, const PathParams& params) {
               return program_text(request, params.get("slug"), kSecurityMd, store, site, *cache);
             });
}

}  // namespace embargo::http
