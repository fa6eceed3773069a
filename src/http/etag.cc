#include "http/etag.h"

#include <sodium.h>

#include <array>

namespace embargo::http {

namespace bh = boost::beast::http;

std::string strong_etag(std::string_view body) {
  std::array<unsigned char, 16> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(body.data()), body.size(), nullptr, 0);
  std::array<char, 2 * 16 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  return "\"" + std::string(hex.data(), 2 * digest.size()) + "\"";
}

bool none_match(const Request& request, std::string_view etag) {
  auto header = request.find(bh::field::if_none_match);
  if (header == request.end()) return false;
  std::string_view list = header->value();
  std::size_t pos = 0;
  while (pos < list.size()) {
    std::size_t comma = list.find(',', pos);
    std::string_view item =
        list.substr(pos, comma == std::string_view::npos ? list.npos : comma - pos);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item.starts_with("W/")) item.remove_prefix(2);
    if (item == "*" || item == etag) return true;
    if (comma == std::string_view::npos) break;
    pos = comma + 1;
  }
  return false;
}

Response cacheable_response(const Request& request, std::string body, std::string_view content_type,
                            std::string_view cache_control) {
  std::string etag = strong_etag(body);
  bool unchanged = none_match(request, etag);
  Response response{unchanged ? bh::status::not_modified : bh::status::ok, request.version()};
  response.set(bh::field::etag, etag);
  response.set(bh::field::cache_control, cache_control);
  if (!unchanged) {
    response.set(bh::field::content_type, content_type);
    response.body() = std::move(body);
  }
  response.keep_alive(request.keep_alive());
  return response;
}

}  // namespace embargo::http
