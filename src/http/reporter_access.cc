#include "http/reporter_access.h"

#include <algorithm>
#include <charconv>

#include "http/content_disposition.h"

namespace embargo::http {

namespace bh = boost::beast::http;

std::optional<std::int64_t> file_id(std::string_view text) {
  if (text.empty() || text.size() > 18 || text.front() == '0') return std::nullopt;
  std::int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

Response file_download(const Request& request, Upload file) {
  Response response{bh::status::ok, request.version()};
  response.set(bh::field::content_type, "application/octet-stream");
  response.set(bh::field::content_disposition, attachment_disposition(file.info.file_name));
  response.set(bh::field::cache_control, "no-store");
  response.body() = std::move(file.content);
  response.keep_alive(request.keep_alive());
  return response;
}

}  // namespace embargo::http
