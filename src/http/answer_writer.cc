#include "http/answer_writer.h"

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/write.hpp>
#include <cstdint>

namespace embargo::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;

asio::awaitable<void> write_answer(beast::tcp_stream& stream, Response& response,
                                   const BodyPace& pace, beast::error_code& ec) {
  beast_http::serializer<false, SpooledBody> serializer(response);
  const std::uint64_t due_per_window = pace.bytes_per_second * pace.window.count();
  std::uint64_t written_in_window = 0;
  stream.expires_after(pace.window);
  while (!serializer.is_done()) {
    written_in_window += co_await beast_http::async_write_some(
        stream, serializer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return;
    if (written_in_window >= due_per_window) {
      written_in_window = 0;
      stream.expires_after(pace.window);
    }
  }
}

}  // namespace embargo::http
