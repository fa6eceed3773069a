#include "http/public/csaf_pages.h"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <memory>
#include <stdexcept>
#include <vector>

#include "core/digest.h"
#include "core/time.h"
#include "formats/csaf_document.h"
#include "formats/csaf_provider.h"
#include "http/html_response.h"
#include "http/media_types.h"
#include "http/page_data.h"
#include "http/public/advisory_page_data.h"
#include "http/public/advisory_public.h"
#include "http/templates.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

constexpr std::string_view kMetadataPath = "/.well-known/csaf/provider-metadata.json";
// A directory lists every published advisory of its program.
constexpr int kDirectoryLimit = 1000;

std::string directory_url(const Site& site, const std::string& slug) {
  return program_url(site, slug) + "/csaf/";
}

// The program's own address when its policy gives one, else its page here.
std::string publisher_namespace(const Site& site, const std::string& slug,
                                const std::string& homepage) {
  return homepage.empty() ? site.public_url + program_url(Site{}, slug) : homepage;
}

std::vector<formats::CsafDirectoryEntry> entries_of(store::Store& store, const std::string& slug) {
  auto latest = store.advisories().list_published(slug, kDirectoryLimit);
  return formats::csaf_directory_entries(latest);
}

// The advisory whose document is at `path` ("2026/x.json") in the program's directory.
std::optional<std::string> advisory_at(store::Store& store, const std::string& slug,
                                       const std::string& path) {
  for (const auto& advisory : store.advisories().list_published(slug, kDirectoryLimit)) {
    if (formats::csaf_directory_path(advisory) == path) {
      return advisory.id;
    }
  }
  return std::nullopt;
}

// An entry of a listing: a file or a folder of the directory.
TemplateData listing_entry(const std::string& name, const std::string& href) {
  TemplateData entry = kainjow::mustache::object{};
  entry.set("name", name);
  entry.set("href", href);
  return entry;
}

std::optional<std::string> listing_page(store::Store& store, const Site& site,
                                        const std::string& slug, const std::string& year) {
  auto program = store.find_program(slug);
  if (!program) return std::nullopt;
  const std::string& name = program->policy.identity.name;
  std::string base = directory_url(site, slug);
  kainjow::mustache::list entries;
  if (year.empty()) {
    entries.emplace_back(listing_entry("index.txt", base + "index.txt"));
    entries.emplace_back(listing_entry("changes.csv", base + "changes.csv"));
    std::vector<std::string> years;
    for (const auto& entry : entries_of(store, slug)) {
      std::string folder = entry.path.substr(0, 4);
      if (std::find(years.begin(), years.end(), folder) == years.end()) years.push_back(folder);
    }
    std::sort(years.begin(), years.end());
    for (const auto& folder : years) {
      entries.emplace_back(listing_entry(folder + "/", base + folder + "/"));
    }
  } else {
    std::vector<std::string> files;
    for (const auto& entry : entries_of(store, slug)) {
      if (entry.path.starts_with(year + "/")) files.push_back(entry.path.substr(5));
    }
    if (files.empty()) return std::nullopt;
    std::sort(files.begin(), files.end());
    std::string folder = base + year + "/";
    for (const auto& file : files) {
      for (const char* suffix : {"", ".sha256", ".sha512"}) {
        std::string name = file + suffix;
        entries.emplace_back(listing_entry(name, folder + name));
      }
    }
  }
  std::string heading =
      year.empty() ? "CSAF documents of " + name : "CSAF documents of " + name + ", " + year;
  TemplateData page = frame_data(site, heading, program->policy.identity.languages.front());
  page.set("heading", heading);
  page.set("name", name);
  page.set("metadata_url", site.path + std::string(kMetadataPath));
  page.set("advisories_url", advisories_url(site, slug));
  if (!year.empty()) page.set("parent_url", base);
  page.set("entries", entries);
  return Templates::embedded().render("csaf_directory", page);
}

bool is_year(std::string_view s) {
  return s.size() == 4 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A file of a year's folder: a document, or one of its hashes (CSAF 2.0 section 7.1.18: the hex
// digest, then the file name).
std::optional<std::string> directory_file(store::Store& store, const Site& site,
                                          const std::string& slug, const std::string& year,
                                          const std::string& file) {
  std::string document = file;
  std::string hash;
  for (std::string suffix : {".sha256", ".sha512"}) {
    if (file.ends_with(suffix)) {
      document = file.substr(0, file.size() - suffix.size());
      hash = suffix.substr(1);
    }
  }
  auto id = advisory_at(store, slug, year + "/" + document);
  if (!id) return std::nullopt;
  auto text = csaf_document_of(store, site, slug, *id);
  if (!text || hash.empty()) return text;
  return (hash == "sha256" ? sha256_hex(*text) : sha512_hex(*text)) + "  " + document + "\n";
}

std::string_view file_type(const std::string& file) {
  return file.ends_with(".json") ? kJsonContentType : kPlainTextContentType;
}

// Who the provider is: the program when the instance has one, the instance (named by its host)
// coordinating several programs otherwise.
formats::CsafPublisher provider_publisher(const std::vector<store::Program>& programs,
                                          const Site& site) {
  if (programs.size() == 1) {
    const auto& identity = programs.front().policy.identity;
    return {"vendor", identity.name, publisher_namespace(site, identity.slug, identity.homepage)};
  }
  auto url = boost::urls::parse_absolute_uri(site.public_url);
  std::string host = url ? std::string(url->encoded_host()) : site.public_url;
  return {"coordinator", host, site.public_url};
}

std::optional<std::string> provider_metadata(store::Store& store, const Site& site, Time at) {
  auto programs = store.list_programs();
  if (programs.empty()) return std::nullopt;
  std::vector<std::string> directories;
  directories.reserve(programs.size());
  for (const auto& program : programs) {
    directories.push_back(site.public_url + directory_url(Site{}, program.policy.identity.slug));
  }
  auto newest = store.advisories().list_published("", 1);
  Time updated =
      newest.empty() ? std::chrono::floor<std::chrono::days>(at) : newest.front().modified_at;
  return formats::csaf_provider_metadata(site.public_url + std::string(kMetadataPath), directories,
                                         provider_publisher(programs, site), updated);
}

}  // namespace

std::string csaf_export(std::span<const PublishedAdvisory> revisions, const Site& site) {
  if (revisions.empty()) throw std::logic_error("csaf_export: no published revision");
  const PublishedAdvisory& latest = revisions.back();
  const std::string& slug = latest.program;
  formats::CsafLinks links{
      site.public_url + directory_url(Site{}, slug) + formats::csaf_directory_path(latest),
      site.public_url + advisory_url(Site{}, slug, latest.id),
      publisher_namespace(site, slug, latest.homepage)};
  return formats::csaf_document(revisions, links);
}

std::optional<std::string> csaf_document_of(store::Store& store, const Site& site,
                                            const std::string& slug, const std::string& id) {
  if (!is_public_name(id)) return std::nullopt;
  auto revisions = store.advisories().published_revisions(id);
  if (revisions.empty() || revisions.back().program != slug) return std::nullopt;
  return csaf_export(revisions, site);
}

void add_csaf_pages(Router& router, store::Store& store, const Site& site) {
  auto cache = std::make_shared<PageCache>();
  router.add(bh::verb::get, kMetadataPath, [&store, site, cache](const Request& request) {
    Time at = store.time().now();
    std::string version = daily_version(revisions_version(store.program_revisions()), at) + "p" +
                          std::to_string(store.advisories().publication_count());
    return cached_public(request, site, *cache, "csaf-metadata", version, kJsonContentType,
                         [&store, &site, at] { return provider_metadata(store, site, at); });
  });
  router.add(bh::verb::get, "/p/{slug}/csaf/",
             [&store, site, cache](const Request& request, const PathParams& params) {
               std::string slug(params.get("slug"));
               return cached_public(
                   request, site, *cache, "csaf-dir:" + slug, publication_version(store, slug),
                   kHtmlContentType,
                   [&store, &site, slug] { return listing_page(store, site, slug, ""); });
             });
  router.add(bh::verb::get, "/p/{slug}/csaf/index.txt",
             [&store, site, cache](const Request& request, const PathParams& params) {
               std::string slug(params.get("slug"));
               return cached_public(request, site, *cache, "csaf-index:" + slug,
                                    publication_version(store, slug), kPlainTextContentType,
                                    [&store, slug]() -> std::optional<std::string> {
                                      return formats::csaf_index_txt(entries_of(store, slug));
                                    });
             });
  router.add(bh::verb::get, "/p/{slug}/csaf/changes.csv",
             [&store, site, cache](const Request& request, const PathParams& params) {
               std::string slug(params.get("slug"));
               return cached_public(request, site, *cache, "csaf-changes:" + slug,
                                    publication_version(store, slug), kCsvContentType,
                                    [&store, slug]() -> std::optional<std::string> {
                                      return formats::csaf_changes_csv(entries_of(store, slug));
                                    });
             });
  router.add(bh::verb::get, "/p/{slug}/csaf/{year}/",
             [&store, site, cache](const Request& request, const PathParams& params) {
               std::string slug(params.get("slug"));
               std::string year(params.get("year"));
               auto version = is_year(year) ? publication_version(store, slug) : std::nullopt;
               return cached_public(request, site, *cache, "csaf-year:" + slug + "/" + year,
                                    version, kHtmlContentType, [&store, &site, slug, year] {
                                      return listing_page(store, site, slug, year);
                                    });
             });
  router.add(bh::verb::get, "/p/{slug}/csaf/{year}/{file}",
             [&store, site, cache](const Request& request, const PathParams& params) {
               std::string slug(params.get("slug"));
               std::string year(params.get("year"));
               std::string file(params.get("file"));
               auto version = is_year(year) && file.size() <= 100 ? publication_version(store, slug)
                                                                  : std::nullopt;
               return cached_public(request, site, *cache,
                                    "csaf-file:" + slug + "/" + year + "/" + file, version,
                                    file_type(file), [&store, &site, slug, year, file] {
                                      return directory_file(store, site, slug, year, file);
                                    });
             });
}

}  // namespace embargo::http
