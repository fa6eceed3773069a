// What every public rendering of published advisories shares (the HTML pages, the feeds, the
// OSV records, the CSAF provider's directory): which names are looked up, the version a cached
// rendering depends on, and the revision a path may show.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/advisory.h"
#include "http/page_cache.h"
#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// Slugs and advisory ids are letters, digits and '-': anything else names nothing and is not
// looked up.
bool is_public_name(std::string_view s);

// What every advisory rendering of a program depends on: its policy and what was published
// (nullopt: no such program).
std::optional<std::string> publication_version(store::Store& store, const std::string& slug);

// The latest published revision of `id` when it is one of the program's.
std::optional<PublishedAdvisory> program_advisory(store::Store& store, const std::string& slug,
                                                  const std::string& id);

// The page rendered (or cached) under `key` for `version`, answered as a public page that
// caches revalidate; 404 when there is no version or nothing to render.
Response cached_public(const Request& request, const Site& site, PageCache& cache,
                       const std::string& key, const std::optional<std::string>& version,
                       std::string_view type, const PageCache::Render& render);

}  // namespace embargo::http
