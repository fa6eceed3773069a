#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/parser.hpp>
#include <chrono>
#include <cstdint>
#include <optional>

#include "http/request_framing.h"
#include "http/spooled_body.h"

namespace embargo::http {

using RequestParser = boost::beast::http::request_parser<SpooledBody>;

// The largest request header read (request line and fields).
inline constexpr std::uint32_t kHeaderLimit = std::uint32_t{16} * 1024;

// How fast a body must arrive: at least `bytes_per_second` averaged over each `window`, so a
// client trickling a large body cannot hold a connection for minutes while a slow but honest
// uplink is never cut. The first window also waits for the body to start.
struct BodyPace {
  std::uint64_t bytes_per_second = std::uint64_t{8} * 1024;
  std::chrono::seconds window{10};
};

// Reads one request header into `parser` within the stream's current deadline, first checking the
// raw header block (no folded lines) and then the parsed header's framing (framing_refusal). A
// refusal is returned; an I/O or parse error is left in `ec` (end_of_stream when the client
// closed between requests, partial_message when it closed within one). Blank lines before the
// request line are ignored (RFC 9112 section 2.2).
boost::asio::awaitable<std::optional<FramingRefusal>> read_request_header(
    boost::beast::tcp_stream& stream, boost::beast::flat_buffer& buffer, RequestParser& parser,
    boost::beast::error_code& ec);

// Reads the rest of the request into `parser`, up to `limit` bytes of body, at `pace` or faster;
// a client falling behind gets error::timeout in `ec`.
boost::asio::awaitable<void> read_request_body(boost::beast::tcp_stream& stream,
                                               boost::beast::flat_buffer& buffer,
                                               RequestParser& parser, std::uint64_t limit,
                                               const BodyPace& pace, boost::beast::error_code& ec);

}  // namespace embargo::http
