#include "http/handlers/advisory_pages.h"

#include <algorithm>
#include <boost/json.hpp>
#include <memory>

#include "formats/markdown.h"
#include "formats/osv_json.h"
#include "http/handlers/advisory_page_data.h"
#include "http/handlers/html_response.h"
#include "http/page_cache.h"
#include "http/templates.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

constexpr std::string_view kHtml = "text/html; charset=utf-8";
constexpr std::string_view kAtom = "application/atom+xml; charset=utf-8";
constexpr std::string_view kJson = "application/json";
constexpr std::string_view kPageCache = "public, no-cache";
constexpr std::string_view kOsvSuffix = ".osv.json";
// Feeds and lists show the latest advisories; older ones stay on their own pages.
constexpr int kListLimit = 1000;
constexpr int kFeedLimit = 50;

// Slugs and advisory ids are letters, digits and '-': anything else names nothing and is not
// looked up.
bool is_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

// A program has a hall of fame only when its policy says reporters are credited there.
bool keeps_hall_of_fame(const Policy& policy) {
  const auto& where = policy.credit.where;
  return std::find(where.begin(), where.end(), "hall_of_fame") != where.end();
}

// What every advisory rendering of a program depends on: its policy and what was published.
std::optional<std::string> version_of(store::Store& store, const std::string& slug) {
  auto revision = is_name(slug) ? store.program_revision(slug) : std::nullopt;
  if (!revision) return std::nullopt;
  return revision_version(*revision) + "p" + std::to_string(store.advisories().publication_count());
}

Response cached(const Request& request, const Site& site, PageCache& cache, const std::string& key,
                const std::optional<std::string>& version, std::string_view type,
                const PageCache::Render& render) {
  if (!version) return not_found_page(request, site);
  auto page = cache.find_or_render(key, *version, type, render);
  if (!page) return not_found_page(request, site);
  return cached_response(request, *page, kPageCache);
}

// The latest revision of `id` when it is one of the program's.
std::optional<PublishedAdvisory> published_of(store::Store& store, const std::string& slug,
                                              const std::string& id) {
  if (!is_name(id)) return std::nullopt;
  auto published = store.advisories().find_published(id);
  if (!published || published->program != slug) return std::nullopt;
  return published;
}

Response advisory_file(const Request& request, const std::string& slug, const std::string& file,
                       store::Store& store, const Site& site, PageCache& cache) {
  bool osv = file.ends_with(kOsvSuffix);
  std::string id = osv ? file.substr(0, file.size() - kOsvSuffix.size()) : file;
  auto render = [&store, &site, slug, id, osv]() -> std::optional<std::string> {
    auto published = published_of(store, slug, id);
    if (!published) return std::nullopt;
    std::string page = site.public_url + advisory_url(Site{}, slug, id);
    if (osv) return boost::json::serialize(formats::osv_record(*published, page));
    return Templates::embedded().render(
        "advisory", advisory_page_data(*published, site),
        {{"details", formats::markdown_to_html(published->draft.details)}});
  };
  return cached(request, site, cache, (osv ? "osv:" : "advisory:") + id, version_of(store, slug),
                osv ? kJson : kHtml, render);
}

}  // namespace

void add_advisory_pages(Router& router, store::Store& store, const Site& site) {
  auto cache = std::make_shared<PageCache>();
  router.add(bh::verb::get, "/p/{slug}/advisories",
             [&store, site, cache](const Request& request, const PathParams& params) {
               std::string slug(params.get("slug"));
               return cached(request, site, *cache, "advisories:" + slug, version_of(store, slug),
                             kHtml, [&store, &site, slug]() -> std::optional<std::string> {
                               auto program = store.find_program(slug);
                               if (!program) return std::nullopt;
                               return Templates::embedded().render(
                                   "advisories",
                                   advisories_page_data(
                                       program->policy,
                                       store.advisories().list_published(slug, kListLimit), site));
                             });
             });
  router.add(bh::verb::get, "/p/{slug}/advisories/{file}",
             [&store, site, cache](const Request& request, const PathParams& params) {
               return advisory_file(request, std::string(params.get("slug")),
                                    std::string(params.get("file")), store, site, *cache);
             });
  router.add(bh::verb::get, "/p/{slug}/advisories.atom",
             [&store, site, cache](const Request& request, const PathParams& params) {
               std::string slug(params.get("slug"));
               return cached(
                   request, site, *cache, "atom:" + slug, version_of(store, slug), kAtom,
                   [&store, &site, slug]() -> std::optional<std::string> {
                     auto program = store.find_program(slug);
                     if (!program) return std::nullopt;
                     return Templates::embedded().render(
                         "atom_feed",
                         atom_feed_data(program->policy.identity.name + " security advisories",
                                        site.public_url + advisories_url(Site{}, slug) + ".atom",
                                        store.advisories().list_published(slug, kFeedLimit), site));
                   });
             });
  router.add(bh::verb::get, "/advisories.atom", [&store, site, cache](const Request& request) {
    std::string version = revisions_version(store.program_revisions()) + "p" +
                          std::to_string(store.advisories().publication_count());
    return cached(request, site, *cache, "atom", version, kAtom,
                  [&store, &site]() -> std::optional<std::string> {
                    return Templates::embedded().render(
                        "atom_feed",
                        atom_feed_data("Security advisories", site.public_url + "/advisories.atom",
                                       store.advisories().list_published("", kFeedLimit), site));
                  });
  });
  router.add(bh::verb::get, "/p/{slug}/hall-of-fame",
             [&store, site, cache](const Request& request, const PathParams& params) {
               std::string slug(params.get("slug"));
               return cached(request, site, *cache, "hall:" + slug, version_of(store, slug), kHtml,
                             [&store, &site, slug]() -> std::optional<std::string> {
                               auto program = store.find_program(slug);
                               if (!program || !keeps_hall_of_fame(program->policy)) {
                                 return std::nullopt;
                               }
                               return Templates::embedded().render(
                                   "hall_of_fame",
                                   hall_of_fame_page_data(
                                       program->policy,
                                       store.advisories().list_published(slug, kListLimit), site));
                             });
             });
}

}  // namespace embargo::http
