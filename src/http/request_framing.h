#pragma once

#include <boost/beast/http/status.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "http/router.h"

namespace embargo::http {

// Why a request's framing is refused: the status to answer with, after which the connection is
// closed, since where the next request would begin is no longer certain.
struct FramingRefusal {
  boost::beast::http::status status;
  std::string message;
};

// The header block of a request (request line through the blank line) folding a field line onto
// the next (obs-fold, RFC 9112 section 5.2). Beast would join the lines; a proxy in front may
// have read them differently, which is how requests are smuggled, so the fold is refused.
std::optional<FramingRefusal> folded_header_refusal(std::string_view header_block);

// The rules of RFC 9112 a parsed request header must follow that Beast leaves to its user:
// Transfer-Encoding only as a single final "chunked" (anything else ending in chunked is a coding
// this server does not decode: 501; not ending in chunked, or sent by HTTP/1.0: 400, section
// 6.3), and exactly one valid Host on HTTP/1.1 (at most one on HTTP/1.0, section 3.2).
std::optional<FramingRefusal> framing_refusal(const Request::header_type& header);

}  // namespace embargo::http
