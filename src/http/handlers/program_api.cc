#include "http/handlers/program_api.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <memory>
#include <string>

#include "formats/policy_json.h"
#include "http/page_cache.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// What a policy file accepts as a slug: 1 to 40 lower-case letters, digits and '-'.
bool is_slug(std::string_view text) {
  constexpr std::size_t kMaxSlug = 40;
  return !text.empty() && text.size() <= kMaxSlug && text.front() != '-' &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
         });
}

constexpr std::string_view kJson = "application/json";
// Policies change at any time: clients may keep an answer but ask each time, cheaply with the
// ETag.
constexpr std::string_view kPolicyCache = "public, no-cache";

Response list(const Request& request, store::Store& store, PageCache& cache) {
  auto page = cache.find_or_render(
      "programs", revisions_version(store.program_revisions()), kJson, [&store] {
        boost::json::array programs;
        for (const auto& program : store.list_programs()) {
          programs.push_back(formats::program_summary_to_json(program.policy));
        }
        return boost::json::serialize(boost::json::object{{"programs", programs}});
      });
  return cached_response(request, *page, kPolicyCache);
}

Response show(const Request& request, std::string_view slug, store::Store& store,
              PageCache& cache) {
  auto revision = find_program_revision(store, slug);
  if (!revision) return unknown_program(request, slug);
  auto render = [&store, slug]() -> std::optional<std::string> {
    auto program = find_program_by_slug(store, slug);
    if (!program) return std::nullopt;
    return boost::json::serialize(formats::policy_to_json(program->policy));
  };
  auto page = cache.find_or_render("program:" + std::string(slug), revision_version(*revision),
                                   kJson, render);
  if (!page) return unknown_program(request, slug);
  return cached_response(request, *page, kPolicyCache);
}

}  // namespace

std::optional<store::Program> find_program_by_slug(store::Store& store, std::string_view slug) {
  if (!is_slug(slug)) return std::nullopt;
  return store.find_program(std::string(slug));
}

std::optional<std::int64_t> find_program_revision(store::Store& store, std::string_view slug) {
  if (!is_slug(slug)) return std::nullopt;
  return store.program_revision(std::string(slug));
}

Response unknown_program(const Request& request, std::string_view slug) {
  std::string message = is_slug(slug) ? "there is no program '" + std::string(slug) + "'"
                                      : "there is no program with this name";
  return error_response(request, bh::status::not_found, "unknown_program", message);
}

void add_program_routes(Router& router, store::Store& store) {
  auto cache = std::make_shared<PageCache>();
  router.add(bh::verb::get, "/api/v1/programs",
             [&store, cache](const Request& request) { return list(request, store, *cache); });
  router.add(bh::verb::get, "/api/v1/programs/{slug}",
             [&store, cache](const Request& request, const PathParams& params) {
               return show(request, params.get("slug"), store, *cache);
             });
}

}  // namespace embargo::http
