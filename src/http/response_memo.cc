#include "http/response_memo.h"

#include <boost/beast/http/write.hpp>
#include <mutex>
#include <sstream>

#include "http/etag.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

std::shared_ptr<const std::string> serialized(const Response& response) {
  std::ostringstream out;
  out << response;
  return std::make_shared<const std::string>(std::move(out).str());
}

bool keepable(const Request& request, const Response& response) {
  if (request.method() != bh::verb::get || response.result() != bh::status::ok) return false;
  // Kept bytes answer persistent HTTP/1.1 requests only: an answer that closes (its request
  // did, or the server is stopping) says so in a Connection header the others must not get.
  if (request.version() != 11 || !request.keep_alive() || !response.keep_alive()) return false;
  if (response.count(bh::field::set_cookie) > 0 || response.body().empty()) return false;
  auto etag = response.find(bh::field::etag);
  if (etag == response.end() || etag->value().starts_with("W/")) return false;
  auto cache_control = response.find(bh::field::cache_control);
  return cache_control != response.end() && cache_control->value().starts_with("public");
}

}  // namespace

std::shared_ptr<const std::string> ResponseMemo::answer(const Request& request,
                                                        std::uint64_t generation, std::int64_t day,
                                                        unsigned& status) const {
  bool head = request.method() == bh::verb::head;
  if ((!head && request.method() != bh::verb::get) || request.version() != 11 ||
      !request.keep_alive()) {
    return nullptr;
  }
  std::shared_ptr<const Kept> kept;
  {
    std::shared_lock lock(mutex_);
    auto found = kept_.find(std::string(request.target()));
    if (found == kept_.end()) return nullptr;
    kept = found->second;
  }
  if (kept->generation != generation || kept->day != day) return nullptr;
  if (none_match(request, kept->etag)) {
    status = 304;
    return kept->not_modified;
  }
  status = 200;
  return head ? kept->head : kept->ok;
}

void ResponseMemo::keep(const Request& request, const Response& response, std::uint64_t generation,
                        std::int64_t day) {
  if (!keepable(request, response)) return;
  auto kept = std::make_shared<Kept>();
  kept->generation = generation;
  kept->day = day;
  kept->etag = std::string(response[bh::field::etag]);
  kept->ok = serialized(response);
  kept->head =
      std::make_shared<const std::string>(kept->ok->substr(0, kept->ok->find("\r\n\r\n") + 4));
  Response not_modified = response;
  not_modified.result(bh::status::not_modified);
  not_modified.erase(bh::field::content_type);
  not_modified.erase(bh::field::content_length);
  not_modified.body() = std::string();
  kept->not_modified = serialized(not_modified);
  std::unique_lock lock(mutex_);
  if (kept_.size() >= most_ && kept_.find(std::string(request.target())) == kept_.end()) {
    kept_.clear();
  }
  kept_[std::string(request.target())] = std::move(kept);
}

std::size_t ResponseMemo::size() const {
  std::shared_lock lock(mutex_);
  return kept_.size();
}

}  // namespace embargo::http
