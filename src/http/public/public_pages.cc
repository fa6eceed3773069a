#include "http/public/public_pages.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/policy.h"
#include "http/etag.h"
#include "http/html_response.h"
#include "http/page_cache.h"
#include "http/page_data.h"
#include "http/templates.h"
#include "http/web_files.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// Pages link static files with a digest of their bytes in the query, so a year is safe.
constexpr std::string_view kStaticCache = "public, max-age=31536000, immutable";

std::string_view content_type_of(std::string_view name) {
  if (name.ends_with(".css")) return "text/css; charset=utf-8";
  if (name.ends_with(".js")) return "text/javascript; charset=utf-8";
  if (name.ends_with(".svg")) return "image/svg+xml";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".ico")) return "image/x-icon";
  if (name.ends_with(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

Response index_page(const Request& request, store::Store& store, const Site& site,
                    PageCache& cache) {
  auto page = cache.find_or_render(
      "index", revisions_version(store.program_revisions()), kHtmlContentType, [&store, &site] {
        std::vector<Policy> policies;
        for (auto& program : store.list_programs()) policies.push_back(std::move(program.policy));
        return Templates::embedded().render("index", index_page_data(policies, site));
      });
  return cached_response(request, *page, kPublicPageCaching);
}

Response program_page(const Request& request, const std::string& slug, store::Store& store,
                      const Site& site, PageCache& cache) {
  auto revision = is_program_slug(slug) ? store.program_revision(slug) : std::nullopt;
  if (!revision) return not_found_page(request, site);
  auto render = [&store, &site, &slug]() -> std::optional<std::string> {
    auto program = store.find_program(slug);
    if (!program) return std::nullopt;
    return program_page_html(program->policy, site);
  };
  auto page =
      cache.find_or_render("page:" + slug, revision_version(*revision), kHtmlContentType, render);
  if (!page) return not_found_page(request, site);
  return cached_response(request, *page, kPublicPageCaching);
}

}  // namespace

void add_public_pages(Router& router, store::Store& store, const Site& site) {
  auto cache = std::make_shared<PageCache>();
  router.add(bh::verb::get, "/", [&store, site, cache](const Request& request) {
    return index_page(request, store, site, *cache);
  });
  router.add(bh::verb::get, "/p/{slug}",
             [&store, site, cache](const Request& request, const PathParams& params) {
               return program_page(request, std::string(params.get("slug")), store, site, *cache);
             });
  // The program's own OpenPGP key, when it has one (`embargo program key`): what reporters
  // encrypt to, named by security.txt's Encryption line and the policy page.
  router.add(bh::verb::get, "/p/{slug}/pgp-key.asc",
             [&store, site](const Request& request, const PathParams& params) {
               std::string slug(params.get("slug"));
               auto key = is_program_slug(slug) ? store.mail().program_key(slug) : std::nullopt;
               if (!key) return not_found_page(request, site);
               return cacheable_response(request, key->armored, "application/pgp-keys",
                                         kPublicPageCaching);
             });
  router.add(bh::verb::get, "/static/{file}",
             [site](const Request& request, const PathParams& params) {
               std::string path = "static/" + std::string(params.get("file"));
               const WebFile* file = find_web_file(path);
               if (file == nullptr) return not_found_page(request, site);
               return cacheable_response(request, std::string(file->content),
                                         content_type_of(file->path), kStaticCache);
             });
}

std::string program_page_html(const Policy& policy, const Site& site) {
  return Templates::embedded().render("program", program_page_data(policy, site));
}

}  // namespace embargo::http
