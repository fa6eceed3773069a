// Renderings of the public pages kept in memory (docs/design.md, "Performance shape"): the policy
// page, security.txt, SECURITY.md and the programs' JSON are the same bytes for every reader
// until a policy is applied again, so they are rendered once per revision, not once per request.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/time.h"
#include "http/router.h"
#include "store/store.h"

namespace embargo::http {

// One rendering as it is served: its bytes, their strong ETag (etag.h) and content type.
struct CachedPage {
  std::string body;
  std::string etag;
  std::string content_type;
};

// Renderings by key ("route:slug") and version (what the bytes depend on: the program's
// revision, every program's for the index, the day for security.txt's Expires). An entry is
// served only for the version it was rendered at, so an apply by another process (`embargo
// program apply` while the server runs) shows on the next request. The version is read before
// the data is loaded: revisions only grow, so bytes newer than their version are only ever
// rendered again, never served stale. One entry per key (a new version replaces the old) and
// keys only for programs that exist, so the cache holds at most one rendering per route and
// program. Thread-safe: lookups share the lock, and rendering runs outside it.
class PageCache {
 public:
  // Makes the body of a rendering, or nullopt when there is nothing to render (the program is
  // gone); nothing is kept then.
  using Render = std::function<std::optional<std::string>()>;

  // The rendering under `key` made at `version`, or one made now by `render` (and kept, with
  // its ETag computed once); null when `render` has nothing.
  std::shared_ptr<const CachedPage> find_or_render(const std::string& key, std::string version,
                                                   std::string_view content_type,
                                                   const Render& render);
  std::size_t size() const;

 private:
  struct Entry {
    std::string version;
    std::shared_ptr<const CachedPage> page;
  };

  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

// The version of a page rendered from one program: its revision ("r7").
std::string revision_version(std::int64_t revision);

// The version of a page rendered from every program: each slug with its revision, in slug order.
std::string revisions_version(const std::vector<store::ProgramRevision>& programs);

// A version that also changes at midnight UTC, for renderings that include the date
// (security.txt's Expires is the start of the current day plus 364 days).
std::string daily_version(std::string version, Time at);

// A 200 with the rendering's body, Content-Type, ETag and `cache_control`, or a bodiless 304
// with the same ETag and Cache-Control when If-None-Match names it (as etag.h's
// cacheable_response, without hashing the bytes again).
Response cached_response(const Request& request, const CachedPage& page,
                         std::string_view cache_control);

}  // namespace embargo::http
