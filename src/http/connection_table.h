#pragma once

#include <atomic>
#include <boost/asio/ip/address.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>

namespace embargo::http {

// How many connections the server keeps open: in all, and per client address. Each costs a file
// descriptor, and when the process runs out of them nobody can connect, /healthz included.
struct ConnectionLimits {
  std::size_t total = 0;
  std::size_t per_client = 0;
};

// Defaults for a process allowed `open_files` descriptors: an eighth of them (at least 64) stays
// for the store, mail, GnuPG and logs; the rest, up to 10,000, for connections; a client may
// hold a quarter of those, between 8 and 256.
ConnectionLimits default_connection_limits(std::size_t open_files);

// What a connection is doing: waiting for (or reading) a request's header, reading its body, or
// busy with it (the handler, the answer). Only one waiting for its client may be dropped.
enum class ConnectionPhase { awaiting_request, reading_body, busy };

// The open connections, counted in all and per client, so that a new one is never refused for
// want of a descriptor while someone else's connection merely waits: at a limit, the connection
// that has waited longest is dropped (a connection still to send its header before one
// sending a body), the client's own first when the client is at its limit. Also what a graceful
// shutdown waits for. Thread-safe: the accept loop and every session share one.
class ConnectionTable {
 public:
  using Stream = boost::beast::tcp_stream;

  // One connection as the table sees it. Its session holds it and reports its phase through it
  // without taking the table's lock (two or three times a request).
  class Entry {
   private:
    friend class ConnectionTable;
    std::weak_ptr<Stream> stream_;
    std::optional<boost::asio::ip::address> client_;
    std::atomic<ConnectionPhase> phase_{ConnectionPhase::awaiting_request};
    std::atomic<std::uint64_t> since_{0};  // when it entered its phase, in the table's order
    std::atomic<bool> dropped_{false};
  };

  explicit ConnectionTable(ConnectionLimits limits) : limits_(limits) {}

  // Registers a new connection from `client` (nullopt: not counted per client, as a trusted
  // proxy's connections are not), dropping waiting connections to stay within the limits.
  // Null when that is impossible (every other connection is busy): the caller closes it.
  std::shared_ptr<Entry> admit(const std::shared_ptr<Stream>& stream,
                               const std::optional<boost::asio::ip::address>& client);

  // Records what the connection does now. Returns false when it awaits a request while the
  // server is stopping (the session should end), or was dropped.
  bool set_phase(Entry& entry, ConnectionPhase phase);

  void remove(const Entry& entry);

  // Drops the connection that has waited longest for its client; false when none waits. For
  // when the process has run out of descriptors although the limits were kept.
  bool drop_longest_waiting();

  // Starts a graceful shutdown: connections awaiting a request are cancelled now, the others
  // once their answer is written.
  void stop();
  bool stopping() const { return stopping_.load(); }

  std::size_t size();

 private:
  using Entries = std::map<const Entry*, std::shared_ptr<Entry>>;

  // The waiting entry to drop first among those `from` accepts; end() when none.
  template <typename Filter>
  Entries::iterator longest_waiting(Filter from);
  // Closes the connection (on its own executor) and forgets it.
  void drop(Entries::iterator entry);
  void forget(Entries::iterator entry);

  const ConnectionLimits limits_;
  std::mutex mutex_;
  Entries entries_;
  std::map<boost::asio::ip::address, std::size_t> per_client_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> changes_{0};  // orders phase changes: a lower `since` waited longer
};

}  // namespace embargo::http
