#include "http/request_reader.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <string_view>

namespace embargo::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;

constexpr std::size_t kReadSize = 4096;

std::string_view readable(const beast::flat_buffer& buffer) {
  return {static_cast<const char*>(buffer.data().data()), buffer.size()};
}

}  // namespace

asio::awaitable<std::optional<FramingRefusal>> read_request_header(beast::tcp_stream& stream,
                                                                   beast::flat_buffer& buffer,
                                                                   RequestParser& parser,
                                                                   beast::error_code& ec) {
  std::size_t searched = 0;  // bytes already known to hold no end of header
  for (;;) {
    while (readable(buffer).starts_with("\r\n")) buffer.consume(2);
    std::string_view data = readable(buffer);
    auto end = data.find("\r\n\r\n", searched);
    if (end != std::string_view::npos) {
      std::string_view block = data.substr(0, end + 4);
      if (auto refusal = folded_header_refusal(block)) co_return refusal;
      buffer.consume(parser.put(asio::buffer(block.data(), block.size()), ec));
      if (ec) co_return std::nullopt;
      co_return framing_refusal(parser.get());
    }
    if (data.size() > kHeaderLimit) {
      ec = beast_http::error::header_limit;
      co_return std::nullopt;
    }
    searched = data.size() < 3 ? 0 : data.size() - 3;
    std::size_t got = co_await stream.async_read_some(
        buffer.prepare(kReadSize), asio::redirect_error(asio::use_awaitable, ec));
    buffer.commit(got);
    if (ec == asio::error::eof) {
      ec = buffer.size() == 0 ? beast_http::error::end_of_stream
                              : beast_http::error::partial_message;
    }
    if (ec) co_return std::nullopt;
  }
}

asio::awaitable<void> read_request_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                        RequestParser& parser, std::uint64_t limit,
                                        const BodyPace& pace, beast::error_code& ec) {
  parser.body_limit(limit);
  const std::uint64_t due_per_window = pace.bytes_per_second * pace.window.count();
  std::uint64_t read_in_window = 0;
  stream.expires_after(pace.window);
  while (!parser.is_done()) {
    read_in_window += co_await beast_http::async_read_some(
        stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    if (read_in_window >= due_per_window) {
      read_in_window = 0;
      stream.expires_after(pace.window);
    }
  }
}

}  // namespace embargo::http
