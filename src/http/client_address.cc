#include "http/client_address.h"

#include <algorithm>

namespace embargo::http {
namespace {

namespace ip = boost::asio::ip;

std::string key_of(const ip::address& address) {
  if (address.is_v6() && !address.to_v6().is_v4_mapped()) {
    ip::address_v6::bytes_type bytes = address.to_v6().to_bytes();
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    return ip::address_v6(bytes).to_string() + "/64";
  }
  if (address.is_v6()) return ip::make_address_v4(ip::v4_mapped, address.to_v6()).to_string();
  return address.to_string();
}

bool trusted(const ip::address& address, const std::vector<ip::address>& proxies) {
  return std::find(proxies.begin(), proxies.end(), address) != proxies.end();
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string client_key(const ip::address& peer, std::string_view forwarded_for,
                       const std::vector<ip::address>& trusted_proxies) {
  if (!trusted(peer, trusted_proxies)) return key_of(peer);
  // Walk the list from the right: each hop was appended by the proxy in front of it, and the
  // first one not added by our own proxies is the client as far as we can trust.
  while (!forwarded_for.empty()) {
    std::size_t comma = forwarded_for.rfind(',');
    std::string_view hop =
        trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view() : forwarded_for.substr(0, comma);
    boost::system::error_code ec;
    ip::address address = ip::make_address(std::string(hop), ec);
    if (ec) break;  // a malformed hop: nothing to its left can be trusted either
    if (!trusted(address, trusted_proxies)) return key_of(address);
  }
  return key_of(peer);
}

}  // namespace embargo::http
