#pragma once

#include <boost/asio/ip/address.hpp>
#include <functional>
#include <string>
#include <vector>

#include "http/router.h"

namespace embargo::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 0;  // I/O threads; 0 means one per core
  // Reverse proxies whose X-Forwarded-For names the client (`serve --trusted-proxy`).
  std::vector<boost::asio::ip::address> trusted_proxies;
};

// Binds, then asks `make_router` for the routes, giving it the port actually bound (with port
// 0 the kernel picks one, and links built from the address must name it). Serves them over
// HTTP/1.1 until SIGINT or SIGTERM, then stops accepting, lets requests in flight finish (up to
// a few seconds) and returns. Throws if the address cannot be bound.
void serve(const ServerOptions& options,
           const std::function<Router(unsigned short port)>& make_router);

// Splits "127.0.0.1:8080" or "[::1]:8080" into address and port; throws Refusal on anything else.
ServerOptions parse_listen(const std::string& listen);

}  // namespace embargo::http
