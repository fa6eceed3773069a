#include "http/page_cache.h"

#include <chrono>
#include <utility>

#include "http/etag.h"

namespace embargo::http {

namespace bh = boost::beast::http;

std::shared_ptr<const CachedPage> PageCache::find_or_render(const std::string& key,
                                                            std::string version,
                                                            std::string_view content_type,
                                                            const Render& render) {
  {
    std::shared_lock lock(mutex_);
    auto found = entries_.find(key);
    if (found != entries_.end() && found->second.version == version) return found->second.page;
  }
  std::optional<std::string> body = render();
  if (!body) return nullptr;
  std::string etag = strong_etag(*body);
  auto page = std::make_shared<const CachedPage>(
      CachedPage{std::move(*body), std::move(etag), std::string(content_type)});
  std::unique_lock lock(mutex_);
  entries_[key] = Entry{std::move(version), page};
  return page;
}

std::size_t PageCache::size() const {
  std::shared_lock lock(mutex_);
  return entries_.size();
}

std::string revision_version(std::int64_t revision) { return "r" + std::to_string(revision); }

std::string revisions_version(const std::vector<store::ProgramRevision>& programs) {
  std::string version;
  for (const auto& program : programs) {
    version += program.slug + "=" + std::to_string(program.revision) + ";";
  }
  return version;
}

std::string daily_version(std::string version, Time at) {
  auto day = std::chrono::floor<std::chrono::days>(at).time_since_epoch().count();
  return std::move(version) + "@" + std::to_string(day);
}

Response cached_response(const Request& request, const CachedPage& page,
                         std::string_view cache_control) {
  bool unchanged = none_match(request, page.etag);
  Response response{unchanged ? bh::status::not_modified : bh::status::ok, request.version()};
  response.set(bh::field::etag, page.etag);
  response.set(bh::field::cache_control, cache_control);
  if (!unchanged) {
    response.set(bh::field::content_type, page.content_type);
    response.body() = page.body;
  }
  response.keep_alive(request.keep_alive());
  return response;
}

}  // namespace embargo::http
