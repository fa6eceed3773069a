#include "http/public/advisory_pages.h"

#include <algorithm>
#include <boost/json.hpp>
#include <memory>
#include <vector>

#include "formats/markdown.h"
#include "formats/osv_json.h"
#include "formats/zip_archive.h"
#include "http/html_response.h"
#include "http/media_types.h"
#include "http/page_cache.h"
#include "http/public/advisory_page_data.h"
#include "http/public/advisory_public.h"
#include "http/public/csaf_pages.h"
#include "http/templates.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

constexpr std::string_view kOsvSuffix = ".osv.json";
constexpr std::string_view kCsafSuffix = ".csaf.json";
constexpr std::string_view kArchive = "all.zip";
// Feeds and lists show the latest advisories; older ones stay on their own pages.
constexpr int kListLimit = 1000;
constexpr int kFeedLimit = 50;

// Every published advisory of a program (of every program: slug empty) as its OSV record, in one
// zip, withdrawn ones included as OSV keeps them.
std::optional<std::string> osv_archive(store::Store& store, const Site& site,
                                       const std::string& slug) {
  std::vector<formats::ArchiveFile> files;
  for (const auto& advisory : store.advisories().list_published(slug, kListLimit)) {
    std::string page = site.public_url + advisory_url(Site{}, advisory.program, advisory.id);
    files.push_back({formats::osv_id(advisory.id) + ".json",
                     boost::json::serialize(formats::osv_record(advisory, page)),
                     advisory.modified_at});
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.name < b.name; });
  return formats::zip_archive(files);
}

// An advisory's page, its OSV record (NAME.osv.json) or its CSAF document (NAME.csaf.json, the
// same bytes as at its canonical address in the program's CSAF directory).
Response advisory_file(const Request& request, const std::string& slug, const std::string& file,
                       store::Store& store, const Site& site, PageCache& cache) {
  if (file == kArchive) {
    return cached_public(request, site, cache, "osv-archive:" + slug,
                         publication_version(store, slug), kZipContentType,
                         [&store, &site, slug] { return osv_archive(store, site, slug); });
  }
  std::string_view format = file.ends_with(kOsvSuffix)    ? "osv"
                            : file.ends_with(kCsafSuffix) ? "csaf"
                                                          : "advisory";
  std::size_t suffix = format == "osv"    ? kOsvSuffix.size()
                       : format == "csaf" ? kCsafSuffix.size()
                                          : 0;
  std::string id = file.substr(0, file.size() - suffix);
  auto render = [&store, &site, slug, id, format]() -> std::optional<std::string> {
    if (format == "csaf") return csaf_document_of(store, site, slug, id);
    auto published = program_advisory(store, slug, id);
    if (!published) return std::nullopt;
    std::string page = site.public_url + advisory_url(Site{}, slug, id);
    if (format == "osv") return boost::json::serialize(formats::osv_record(*published, page));
    return Templates::embedded().render(
        "advisory", advisory_page_data(*published, site),
        {{"details", formats::markdown_to_html(published->draft.details)}});
  };
  return cached_public(request, site, cache, std::string(format) + ":" + id,
                       publication_version(store, slug),
                       format == "advisory" ? kHtmlContentType : kJsonContentType, render);
}

}  // namespace

void add_advisory_pages(Router& router, store::Store& store, const Site& site) {
  auto cache = std::make_shared<PageCache>();
  router.add(
      bh::verb::get, "/p/{slug}/advisories",
      [&store, site, cache](const Request& request, const PathParams& params) {
        std::string slug(params.get("slug"));
        return cached_public(
            request, site, *cache, "advisories:" + slug, publication_version(store, slug),
            kHtmlContentType, [&store, &site, slug]() -> std::optional<std::string> {
              auto program = store.find_program(slug);
              if (!program) return std::nullopt;
              return Templates::embedded().render(
                  "advisories",
                  advisories_page_data(program->policy,
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
               return cached_public(
                   request, site, *cache, "atom:" + slug, publication_version(store, slug),
                   kAtomContentType, [&store, &site, slug]() -> std::optional<std::string> {
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
    return cached_public(
        request, site, *cache, "atom", version, kAtomContentType,
        [&store, &site]() -> std::optional<std::string> {
          return Templates::embedded().render(
              "atom_feed",
              atom_feed_data("Security advisories", site.public_url + "/advisories.atom",
                             store.advisories().list_published("", kFeedLimit), site));
        });
  });
  router.add(bh::verb::get, "/advisories/all.zip", [&store, site, cache](const Request& request) {
    std::string version = revisions_version(store.program_revisions()) + "p" +
                          std::to_string(store.advisories().publication_count());
    return cached_public(request, site, *cache, "osv-archive", version, kZipContentType,
                         [&store, &site] { return osv_archive(store, site, ""); });
  });
  router.add(
      bh::verb::get, "/p/{slug}/hall-of-fame",
      [&store, site, cache](const Request& request, const PathParams& params) {
        std::string slug(params.get("slug"));
        return cached_public(
            request, site, *cache, "hall:" + slug, publication_version(store, slug),
            kHtmlContentType, [&store, &site, slug]() -> std::optional<std::string> {
              auto program = store.find_program(slug);
              if (!program || !keeps_hall_of_fame(program->policy)) {
                return std::nullopt;
              }
              return Templates::embedded().render(
                  "hall_of_fame",
                  hall_of_fame_page_data(
                      program->policy, store.advisories().list_published(slug, kListLimit), site));
            });
      });
}

}  // namespace embargo::http
