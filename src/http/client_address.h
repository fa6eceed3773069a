// Who a request comes from, for per-client rate limits. Behind a reverse proxy every request
// arrives from the proxy's address, so the client is read from X-Forwarded-For, but only when
// the peer is a proxy the operator named (anyone else could write that header). IPv6 clients
// are counted per /64, the block one subscriber usually holds.
#pragma once

#include <boost/asio/ip/address.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::http {

// The key a rate limit counts this request under: the peer's address, or, when the peer is
// one of `trusted_proxies`, the right-most X-Forwarded-For entry that is not itself a trusted
// proxy. IPv6 addresses are reduced to their /64 ("2001:db8:1:2::/64").
std::string client_key(const boost::asio::ip::address& peer, std::string_view forwarded_for,
                       const std::vector<boost::asio::ip::address>& trusted_proxies);

}  // namespace embargo::http
