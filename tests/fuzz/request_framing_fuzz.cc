// libFuzzer target: a request's header block as the server checks it before reading any body
// (http/request_framing.h). The input is the block: a fold is refused exactly when a line break
// is followed by a space or a tab; and of a block Boost.Beast parses, one that framing_refusal
// lets through has a body Beast frames as the framing says: a Transfer-Encoding only when Beast
// reads the body chunked (the smuggling a proxy could disagree on), and one Host on HTTP/1.1.
#include <boost/asio/buffer.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "http/request_framing.h"

namespace bh = boost::beast::http;

namespace {

bool has_fold(std::string_view block) {
  for (std::size_t i = 0; i + 2 < block.size(); ++i) {
    if (block[i] == '\r' && block[i + 1] == '\n' && (block[i + 2] == ' ' || block[i + 2] == '\t')) {
      return true;
    }
  }
  return false;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view block(reinterpret_cast<const char*>(data), size);
  bool folded = embargo::http::folded_header_refusal(block).has_value();
  if (folded != has_fold(block)) __builtin_trap();
  if (folded) return 0;
  bh::request_parser<bh::string_body> parser;
  boost::beast::error_code error;
  parser.put(boost::asio::buffer(block.data(), block.size()), error);
  if (error || !parser.is_header_done()) return 0;
  const auto& header = parser.get().base();
  if (embargo::http::framing_refusal(header)) return 0;
  if (header.count(bh::field::transfer_encoding) > 0 && !parser.chunked()) __builtin_trap();
  if (header.version() >= 11 && header.count(bh::field::host) != 1) __builtin_trap();
  return 0;
}
