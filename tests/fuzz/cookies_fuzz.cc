// libFuzzer target: the Cookie header as the server reads it (http/cookies.h). Each line of the
// input is the value of one Cookie header of a request that Boost.Beast's parser accepts (the
// parser refuses what it would never hand on); the session and CSRF cookie values are then read
// under both of their names. Reading never throws; a value found is the text after "NAME=" in
// one "; "-separated pair of one header, so it never carries another cookie with it.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "http/cookies.h"

namespace {

namespace bh = boost::beast::http;

bool held_in_one_header(const embargo::http::Request& request, std::string_view name,
                        std::string_view value) {
  std::string pair = std::string(name) + "=" + std::string(value);
  for (auto it = request.find(bh::field::cookie);
       it != request.end() && it->name() == bh::field::cookie; ++it) {
    if (std::string_view(it->value()).find(pair) != std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string message = "GET /desk HTTP/1.1\r\nHost: desk.example\r\n";
  while (!rest.empty()) {
    auto newline = rest.find('\n');
    message += "Cookie: " + std::string(rest.substr(0, newline)) + "\r\n";
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  }
  message += "\r\n";
  bh::request_parser<embargo::http::SpooledBody> parser;
  parser.eager(true);
  boost::beast::error_code error;
  parser.put(boost::asio::buffer(message), error);
  if (error || !parser.is_done()) return 0;
  const embargo::http::Request& request = parser.get();
  for (std::string_view name :
       {"embargo_session", "__Host-embargo_session", "embargo_csrf", "__Host-embargo_csrf"}) {
    std::string_view value = embargo::http::cookie_value(request, name);
    if (value.find(';') != std::string_view::npos) __builtin_trap();
    if (!value.empty() && !held_in_one_header(request, name, value)) __builtin_trap();
  }
  return 0;
}
