#include "http/request_framing.h"

#include <algorithm>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/rfc7230.hpp>
#include <boost/url/authority_view.hpp>
#include <iterator>
#include <vector>

namespace embargo::http {
namespace {

namespace beast = boost::beast;
namespace beast_http = boost::beast::http;

FramingRefusal bad_request(std::string message) {
  return {beast_http::status::bad_request, std::move(message)};
}

// Every transfer coding the request names, in order, across all its Transfer-Encoding lines (a
// recipient reads repeated lines as one comma-separated list, RFC 9110 section 5.3); nullopt when
// one of the lines is not a valid list of tokens.
std::optional<std::vector<std::string>> transfer_codings(const Request::header_type& header) {
  std::vector<std::string> codings;
  auto [first, last] = header.equal_range(beast_http::field::transfer_encoding);
  for (auto line = first; line != last; ++line) {
    beast_http::opt_token_list list(line->value());
    if (!beast_http::validate_list(list)) return std::nullopt;
    for (auto coding : list) codings.emplace_back(coding);
  }
  return codings;
}

std::optional<FramingRefusal> transfer_encoding_refusal(const Request::header_type& header) {
  if (header.count(beast_http::field::transfer_encoding) == 0) return std::nullopt;
  auto codings = transfer_codings(header);
  if (!codings || codings->empty()) {
    return bad_request("Transfer-Encoding is not a list of transfer codings");
  }
  if (header.version() < 11) {
    return bad_request("Transfer-Encoding is not allowed in an HTTP/1.0 request");
  }
  if (!beast::iequals(codings->back(), "chunked")) {
    return bad_request("Transfer-Encoding must end in chunked (RFC 9112, section 6.3), got '" +
                       codings->back() + "'");
  }
  auto chunked = [](const std::string& coding) { return beast::iequals(coding, "chunked"); };
  if (std::any_of(codings->begin(), std::prev(codings->end()), chunked)) {
    return bad_request("Transfer-Encoding names chunked more than once");
  }
  if (codings->size() > 1) {
    return FramingRefusal{beast_http::status::not_implemented,
                          "the transfer coding '" + codings->front() +
                              "' is not supported: send the body chunked alone or with a "
                              "Content-Length"};
  }
  return std::nullopt;
}

std::optional<FramingRefusal> host_refusal(const Request::header_type& header) {
  auto hosts = header.count(beast_http::field::host);
  if (hosts > 1) return bad_request("the request has more than one Host header");
  if (hosts == 0) {
    if (header.version() >= 11) return bad_request("an HTTP/1.1 request must have a Host header");
    return std::nullopt;
  }
  auto host = header[beast_http::field::host];
  if (host.empty()) return std::nullopt;  // allowed when the target has no authority
  auto authority = boost::urls::parse_authority(host);
  if (!authority || authority->has_userinfo()) {
    return bad_request("the Host header '" + std::string(host) + "' is not a host and port");
  }
  return std::nullopt;
}

}  // namespace

std::optional<FramingRefusal> folded_header_refusal(std::string_view header_block) {
  for (auto at = header_block.find("\r\n"); at != std::string_view::npos;
       at = header_block.find("\r\n", at + 2)) {
    if (at + 2 < header_block.size() &&
        (header_block[at + 2] == ' ' || header_block[at + 2] == '\t')) {
      return bad_request("a header line is folded onto the next (obs-fold, RFC 9112 section 5.2)");
    }
  }
  return std::nullopt;
}

std::optional<FramingRefusal> framing_refusal(const Request::header_type& header) {
  if (auto refusal = transfer_encoding_refusal(header)) return refusal;
  return host_refusal(header);
}

}  // namespace embargo::http
