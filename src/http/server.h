#pragma once

#include <boost/asio/ip/address.hpp>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/time_source.h"
#include "http/connection_table.h"
#include "http/request_reader.h"
#include "http/router.h"

namespace embargo::http {

struct ServerOptions {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 0;  // I/O threads; 0 means one per core
  // Threads that run handlers; 0 means 16 per core. A handler that writes waits for the group
  // commit's fsync, and a commit groups only the writes waiting at once, so durable
  // submissions per second grow with the writes in flight (docs/performance.md).
  int workers = 0;
  // Reverse proxies whose X-Forwarded-For names the client (`serve --trusted-proxy`).
  std::vector<boost::asio::ip::address> trusted_proxies;
  // Connections in all and per client; a zero takes default_connection_limits of the open-file
  // limit, which serve() first raises to the hard limit.
  ConnectionLimits connections;
  BodyPace body_pace;
  // The request bodies held in memory at once, across all connections (BodyBudget). A body
  // takes at most kSpoolAbove (1 MiB) of it: a larger one is spooled to `spool_directory`,
  // and handling it brings at most its text fields (as much again) into memory.
  std::uint64_t body_memory = std::uint64_t{64} * 1024 * 1024;
  // The spooled request bodies kept on disk at once (a second BodyBudget), so that uploads
  // cannot fill the disk the store lives on.
  std::uint64_t body_disk = std::uint64_t{2048} * 1024 * 1024;
  // Where bodies over kSpoolAbove wait while they are read and handled: the data directory,
  // or the system's temporary directory when empty. Their files have no name (TemporaryFile).
  std::filesystem::path spool_directory;
  // The Strict-Transport-Security value sent on every answer; empty sends none (a server whose
  // public URL is not https must not send it).
  std::string strict_transport_security;
  // What public answers are kept for between requests (ResponseMemo): the store's data
  // generation (Store::data_generation) and the clock whose UTC day they were made on. Without
  // both, every request goes to its handler.
  std::function<std::uint64_t()> data_generation;
  const TimeSource* clock = nullptr;
};

// Binds, then asks `make_router` for the routes, giving it the port actually bound (with port
// 0 the kernel picks one, and links built from the address must name it). Serves them over
// HTTP/1.1 (framing per RFC 9112, read_request_header) within the connection limits and the
// body budget until SIGINT or SIGTERM, then stops accepting, lets requests in flight finish (up to
// a few seconds) and returns. Throws if the address cannot be bound.
void serve(const ServerOptions& options,
           const std::function<Router(unsigned short port)>& make_router);

// Splits "127.0.0.1:8080" or "[::1]:8080" into address and port; throws Refusal on anything else.
ServerOptions parse_listen(const std::string& listen);

}  // namespace embargo::http
