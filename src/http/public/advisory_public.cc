#include "http/public/advisory_public.h"

#include "http/etag.h"
#include "http/html_response.h"

namespace embargo::http {

bool is_public_name(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::optional<std::string> publication_version(store::Store& store, const std::string& slug) {
  auto revision = is_public_name(slug) ? store.program_revision(slug) : std::nullopt;
  if (!revision) return std::nullopt;
  return revision_version(*revision) + "p" + std::to_string(store.advisories().publication_count());
}

std::optional<PublishedAdvisory> program_advisory(store::Store& store, const std::string& slug,
                                                  const std::string& id) {
  if (!is_public_name(id)) return std::nullopt;
  auto published = store.advisories().find_published(id);
  if (!published || published->program != slug) return std::nullopt;
  return published;
}

Response cached_public(const Request& request, const Site& site, PageCache& cache,
                       const std::string& key, const std::optional<std::string>& version,
                       std::string_view type, const PageCache::Render& render) {
  if (!version) return not_found_page(request, site);
  auto page = cache.find_or_render(key, *version, type, render);
  if (!page) return not_found_page(request, site);
  return cached_response(request, *page, kPublicPageCaching);
}

}  // namespace embargo::http
