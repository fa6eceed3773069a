#include "http/api/program_api.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <memory>
#include <string>

#include "core/policy.h"
#include "formats/policy_json.h"
#include "http/etag.h"
#include "http/media_types.h"
#include "http/page_cache.h"
#include "http/program_lookup.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

Response list_programs(const Request& request, store::Store& store, PageCache& cache) {
  auto page = cache.find_or_render(
      "programs", revisions_version(store.program_revisions()), kJsonContentType, [&store] {
        boost::json::array programs;
        for (const auto& program : store.list_programs()) {
          programs.push_back(formats::program_summary_to_json(program.policy));
        }
        return boost::json::serialize(boost::json::object{{"programs", programs}});
      });
  return cached_response(request, *page, kPublicPageCaching);
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
                                   kJsonContentType, render);
  if (!page) return unknown_program(request, slug);
  return cached_response(request, *page, kPublicPageCaching);
}

}  // namespace

void add_program_routes(Router& router, store::Store& store) {
  auto cache = std::make_shared<PageCache>();
  router.add(bh::verb::get, "/api/v1/programs", [&store, cache](const Request& request) {
    return list_programs(request, store, *cache);
  });
  router.add(bh::verb::get, "/api/v1/programs/{slug}",
             [&store, cache](const Request& request, const PathParams& params) {
               return show(request, params.get("slug"), store, *cache);
             });
}

}  // namespace embargo::http
