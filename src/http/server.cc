#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <system_error>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/temporary_file.h"
#include "formats/policy_words.h"
#include "http/access_log.h"
#include "http/answer_writer.h"
#include "http/body_budget.h"
#include "http/client_address.h"
#include "http/io_threads.h"
#include "http/open_file_limit.h"
#include "http/response_memo.h"
#include "http/throttled_warning.h"
#include "store/store.h"

namespace embargo::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr auto kHeaderTimeout = std::chrono::seconds(15);  // a slow or idle client is dropped
constexpr auto kShutdownGrace = std::chrono::seconds(5);
// How long a client told the server is out of memory for bodies is asked to wait.
constexpr auto kBusyRetryAfter = std::chrono::seconds(10);
// What a client is told to wait when the database is away (a PostgreSQL server restarting).
constexpr auto kUnavailableRetryAfter = std::chrono::seconds(5);
// When the process runs out of file descriptors: how long accepting pauses.
constexpr auto kAcceptPause = std::chrono::milliseconds(50);
// What a spooled body takes on disk per byte while its request is handled: the body, and the
// files the multipart parser copies out of it into files of their own.
constexpr std::uint64_t kDiskPerBodyByte = 2;
// The disk space a spooled body must leave free, so that the store beside it can still write.
constexpr std::uint64_t kDiskReserve = std::uint64_t{256} * 1024 * 1024;
// How often a warning an attack repeats is logged at most.
constexpr auto kWarningInterval = std::chrono::seconds(60);

// What the accept loop and the sessions share.
struct Shared {
  const Router& router;
  const ServerOptions& options;
  IoThreads& io;
  asio::thread_pool& workers;
  ConnectionTable& connections;
  BodyBudget& bodies;   // in memory
  BodyBudget& spooled;  // on disk
  ThrottledWarning& budget_spent;
  ThrottledWarning& disk_full;
  ThrottledWarning& budget_too_small;
  ResponseMemo& memo;

  // What the memo's answers are kept for now: the data generation and the UTC day; nullopt
  // when the server keeps none.
  std::optional<std::pair<std::uint64_t, std::int64_t>> memo_key() const {
    if (!options.data_generation || options.clock == nullptr) return std::nullopt;
    std::uint64_t generation = options.data_generation();
    auto day = std::chrono::floor<std::chrono::days>(options.clock->now());
    return std::pair{generation, day.time_since_epoch().count()};
  }
};

// Resumes the calling coroutine on `executor`'s threads. The completion token must be bound to
// it: `co_await asio::post(executor, use_awaitable)` runs nothing there and resumes on the
// coroutine's own executor (asio issue 856), which is how every handler ran on an I/O thread
// until issue 16.
template <typename Executor>
asio::awaitable<void> move_to(const Executor& executor) {
  co_await asio::post(asio::bind_executor(executor, asio::use_awaitable));
}

// Whether a handler failed for want of disk or descriptors (a spooled upload's temporary
// files): the client is asked to retry rather than told the server broke.
bool lacks_room(const std::exception& e) {
  const auto* system = dynamic_cast<const std::system_error*>(&e);
  if (system == nullptr || system->code().category() != std::generic_category()) return false;
  int error = system->code().value();
  return error == ENOSPC || error == EDQUOT || error == EMFILE || error == ENFILE;
}

Response handle(const Router& router, const Request& request, const std::string& client) {
  try {
    return router.dispatch(request, client);
  } catch (const store::Unavailable& e) {
    spdlog::error("handler failed, the database is unavailable: {}", e.what());
    // A person's browser gets a page saying so (its Back button keeps what they typed), a
    // program the API's JSON, both with 503.
    Response response = router.refusal(request, beast_http::status::service_unavailable,
                                       "unavailable", "the database is unavailable; retry later");
    response.set(beast_http::field::retry_after, std::to_string(kUnavailableRetryAfter.count()));
    return response;
  } catch (const std::exception& e) {
    spdlog::error("handler failed: {}", e.what());
    if (lacks_room(e)) {
      Response response = error_response(request, beast_http::status::service_unavailable, "busy",
                                         "the server cannot take files now; retry later");
      response.set(beast_http::field::retry_after, std::to_string(kBusyRetryAfter.count()));
      return response;
    }
    return error_response(request, beast_http::status::internal_server_error, "internal",
                          "the server could not complete the request");
  }
}

// The answer to a request that could not be parsed, or nothing when the client simply went
// away (closed, reset, timed out, cancelled at shutdown). `body_limit` is the limit of the route
// `header` was for; a browser's form too large to read gets a page (Router::refusal).
std::optional<Response> answer_to_read_error(const beast::error_code& ec, std::uint64_t body_limit,
                                             const Router& router,
                                             const Request::header_type& header) {
  if (ec.category() != beast_http::make_error_code(beast_http::error::bad_method).category() ||
      ec == beast_http::error::end_of_stream || ec == beast_http::error::partial_message) {
    return std::nullopt;
  }
  Request unparsed;
  unparsed.version(11);
  if (ec == beast_http::error::body_limit) {
    Request asked;
    asked.base() = header;
    asked.version(11);
    asked.keep_alive(false);
    if (asks_for_a_page(asked)) {  // a person's form gets a page
      return router.refusal(
          asked, beast_http::status::payload_too_large, "too_large",
          "What you sent is larger than this server accepts (" + formats::size_words(body_limit) +
              "), so nothing was sent. Go back: your browser keeps what you typed. Attach "
              "smaller files, or fewer, and send it again.");
    }
    return error_response(unparsed, beast_http::status::payload_too_large, "too_large",
                          "the request body is larger than the " + std::to_string(body_limit) +
                              " bytes this endpoint accepts");
  }
  if (ec == beast_http::error::header_limit) {
    return error_response(
        unparsed, beast_http::status::request_header_fields_too_large, "headers_too_large",
        "the request headers are larger than " + std::to_string(kHeaderLimit / 1024) + " KiB");
  }
  return error_response(unparsed, beast_http::status::bad_request, "malformed_request",
                        "malformed HTTP request: " + ec.message());
}

// The answer to a request whose body does not fit in what is left of the body budget.
Response answer_to_full_budget(const Router& router, const Request::header_type& header) {
  Request asked;
  asked.base() = header;
  asked.version(11);
  asked.keep_alive(false);
  auto seconds = std::to_string(kBusyRetryAfter.count());
  Response response =
      asks_for_a_page(asked)
          ? router.refusal(asked, beast_http::status::service_unavailable, "busy",
                           "The server is receiving too many large uploads at once, so nothing "
                           "was sent. Go back: your browser keeps what you typed. Send it again "
                           "in a minute.")
          : error_response(asked, beast_http::status::service_unavailable, "busy",
                           "the server is receiving too many request bodies at once; retry after " +
                               seconds + " s");
  response.set(beast_http::field::retry_after, seconds);
  return response;
}

// The headers every answer carries: design.md's security headers, and Strict-Transport-Security
// when the public URL is https.
void add_server_headers(Response& response, const ServerOptions& options) {
  add_security_headers(response);
  if (!options.strict_transport_security.empty()) {
    response.set(beast_http::field::strict_transport_security, options.strict_transport_security);
  }
}

// Adds the server's headers and the framing: strips the body of an answer to HEAD, keeping the
// length the GET would have had, and sends a 304 without a length.
void finish(Response& response, const Request& request, bool stopping,
            const ServerOptions& options) {
  add_server_headers(response, options);
  response.keep_alive(request.keep_alive() && !stopping);
  if (response.result() == beast_http::status::not_modified) {
    // A 304 has no body, and a Content-Length on it would have to be the full representation's
    // (RFC 9110, 8.6): a cache refreshing its headers from a "0" would truncate the page.
    response.body() = std::string();
    response.erase(beast_http::field::content_length);
    return;
  }
  if (request.method() == beast_http::verb::head) {
    auto length = response.body().size();
    response.body() = std::string();
    response.content_length(length);
  } else {
    response.prepare_payload();
  }
}

// Closes after an error answer without losing it: closing a socket that still has unread
// request bytes makes the kernel send a reset, which can destroy the answer before the client
// reads it. So stop sending, then read and discard what is left for a moment.
asio::awaitable<void> drain_and_close(beast::tcp_stream& stream) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  constexpr std::size_t kMostDrained = std::size_t{1024} * 1024;
  std::array<char, std::size_t{16} * 1024> scratch{};
  std::size_t drained = 0;
  stream.expires_after(std::chrono::seconds(1));
  while (!ec && drained < kMostDrained) {
    drained += co_await stream.async_read_some(asio::buffer(scratch),
                                               asio::redirect_error(asio::use_awaitable, ec));
  }
  stream.socket().close(ec);
}

// Writes a refusal after which the connection's framing is lost, and closes it.
asio::awaitable<void> refuse_and_close(beast::tcp_stream& stream, Response response,
                                       const ServerOptions& options) {
  response.set(beast_http::field::connection, "close");
  add_server_headers(response, options);
  response.prepare_payload();
  beast::error_code ec;
  co_await beast_http::async_write(stream, response, asio::redirect_error(asio::use_awaitable, ec));
  co_await drain_and_close(stream);
}

// The body limit of the route a request is for; the default when the route's limit could not be
// worked out (the handler then answers as it would).
std::uint64_t route_body_limit(const Router& router, const Request::header_type& header) {
  try {
    return router.body_limit(header.method(), header.target());
  } catch (const std::exception& e) {
    spdlog::error("body limit failed: {}", e.what());
    return kDefaultBodyLimit;
  }
}

// Whether a client waits for "100 Continue" before sending the body (RFC 9110, 10.1.1); an
// HTTP/1.0 client is never sent one.
bool expects_continue(const Request::header_type& header) {
  auto expect = header.find(beast_http::field::expect);
  return header.version() >= 11 && expect != header.end() &&
         beast::iequals(expect->value(), "100-continue");
}

// What reading a request came to: the request to handle, or a refusal to send before closing,
// or neither when the connection is over.
struct ReadOutcome {
  std::optional<Response> refusal;
  std::optional<BodyBudget::Share> body_share;  // held until the request has been answered
  std::optional<BodyBudget::Share> disk_share;  // the same, for a body spooled to disk
};

// Reads the body of a request whose header has been read, within the limit of its route and the
// body budgets: a declared length over the limit, or one that does not fit in what is left, is
// refused before any of the body is read (and before a "100 Continue"); a chunked body as soon as
// it grows past the route's limit (it takes the whole limit from the budgets). Memory holds at
// most kSpoolAbove of a body; the rest waits in a temporary file.
asio::awaitable<ReadOutcome> read_body(beast::tcp_stream& stream, beast::flat_buffer& buffer,
                                       RequestParser& parser, const Shared& shared,
                                       beast::error_code& ec) {
  // A limit function may look the program up in the store: off the I/O thread.
  co_await move_to(shared.workers.get_executor());
  std::uint64_t route_limit = route_body_limit(shared.router, parser.get());
  co_await move_to(stream.get_executor());
  const Request::header_type& header = parser.get().base();
  // A body over the whole disk budget could never be read, however long its client waited: the
  // budget is its limit too, and the operator is told what to raise.
  std::uint64_t limit =
      std::min(route_limit, std::max(kSpoolAbove, shared.spooled.capacity() / kDiskPerBodyByte));
  std::uint64_t expected = parser.content_length().value_or(limit);
  ReadOutcome outcome;
  if (expected > limit) {
    if (expected <= route_limit) {
      shared.budget_too_small.happened("a " + std::to_string(expected) +
                                       "-byte body its route takes is over --body-disk-mib (" +
                                       std::to_string(limit) + " bytes); raise it");
    }
    outcome.refusal =
        answer_to_read_error(beast_http::error::body_limit, limit, shared.router, header);
    co_return outcome;
  }
  outcome.body_share = shared.bodies.take(std::min(expected, kSpoolAbove));
  if (!outcome.body_share) {
    shared.budget_spent.happened("--body-memory-mib spent: a " + std::to_string(expected) +
                                 "-byte body was refused with 503");
    outcome.refusal = answer_to_full_budget(shared.router, header);
    co_return outcome;
  }
  if (expected > kSpoolAbove) {
    const auto& directory = shared.options.spool_directory;
    std::uint64_t on_disk = expected * kDiskPerBodyByte;
    outcome.disk_share = shared.spooled.take(on_disk);
    std::error_code space_error;
    auto space = std::filesystem::space(directory, space_error);
    if (!outcome.disk_share) {
      shared.budget_spent.happened("--body-disk-mib spent: a " + std::to_string(expected) +
                                   "-byte body was refused with 503");
    } else if (space_error || space.available < on_disk + kDiskReserve) {
      shared.disk_full.happened(
          "the disk holding " + directory.string() + " has " +
          (space_error ? "an unknown amount (" + space_error.message() + ")"
                       : std::to_string(space.available / (std::uint64_t{1024} * 1024)) + " MiB") +
          " free: a " + std::to_string(expected) + "-byte body was refused with 503");
      outcome.disk_share.reset();
    }
    if (!outcome.disk_share) {
      outcome.refusal = answer_to_full_budget(shared.router, header);
      co_return outcome;
    }
  }
  parser.get().body().spool_above(kSpoolAbove, shared.options.spool_directory.string());
  if (expects_continue(parser.get())) {
    beast_http::response<beast_http::empty_body> go_on{beast_http::status::continue_, 11};
    co_await beast_http::async_write(stream, go_on, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return outcome;
  }
  co_await read_request_body(stream, buffer, parser, limit, shared.options.body_pace, ec);
  if (ec.category() == boost::system::generic_category()) {
    shared.disk_full.happened("a request body could not be spooled to " +
                              shared.options.spool_directory.string() + ": " + ec.message());
    outcome.refusal = answer_to_full_budget(shared.router, header);
  } else if (ec) {
    outcome.refusal = answer_to_read_error(ec, limit, shared.router, header);
  }
  co_return outcome;
}

// A framing refusal as the API's JSON error.
Response framing_answer(const FramingRefusal& refusal) {
  Request unparsed;
  unparsed.version(11);
  return error_response(unparsed, refusal.status,
                        refusal.status == beast_http::status::not_implemented
                            ? "unsupported_transfer_coding"
                            : "malformed_request",
                        refusal.message);
}

asio::awaitable<void> session(tcp::socket socket, Shared shared) {
  beast::error_code peer_error;
  const asio::ip::address peer = socket.remote_endpoint(peer_error).address();
  auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
  const auto& proxies = shared.options.trusted_proxies;
  std::optional<asio::ip::address> counted;  // a trusted proxy speaks for many clients
  if (std::find(proxies.begin(), proxies.end(), peer) == proxies.end()) counted = peer;
  auto entry = shared.connections.admit(stream, counted);
  if (!entry) {
    spdlog::warn("connection from {} closed: every connection is busy", peer.to_string());
    co_return;
  }
  beast::flat_buffer buffer;
  beast::error_code ec;
  while (shared.connections.set_phase(*entry, ConnectionPhase::awaiting_request)) {
    RequestParser parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(boost::none);  // the route's limit is known once the header is read
    stream->expires_after(kHeaderTimeout);
    auto framing = co_await read_request_header(*stream, buffer, parser, ec);
    ReadOutcome outcome;
    if (framing) {
      outcome.refusal = framing_answer(*framing);
    } else if (ec) {
      outcome.refusal =
          answer_to_read_error(ec, kDefaultBodyLimit, shared.router, Request::header_type{});
    } else if (!parser.is_done()) {
      shared.connections.set_phase(*entry, ConnectionPhase::reading_body);
      outcome = co_await read_body(*stream, buffer, parser, shared, ec);
    }
    shared.connections.set_phase(*entry, ConnectionPhase::busy);
    if (outcome.refusal) {
      co_await refuse_and_close(*stream, std::move(*outcome.refusal), shared.options);
      shared.connections.remove(*entry);
      co_return;
    }
    if (ec) break;
    Request request = parser.release();
    auto started = std::chrono::steady_clock::now();

    // A public answer kept from an earlier request is written from here, the I/O thread.
    auto memo_key = shared.memo_key();
    unsigned kept_status = 0;
    if (auto kept =
            memo_key && !shared.connections.stopping()
                ? shared.memo.answer(request, memo_key->first, memo_key->second, kept_status)
                : nullptr) {
      log_access(request, kept_status, std::chrono::steady_clock::now() - started);
      stream->expires_after(kHeaderTimeout);
      co_await asio::async_write(*stream, asio::buffer(*kept),
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec) break;
      continue;
    }

    // Handlers may touch the store: run them on the worker pool, never on an I/O thread.
    co_await move_to(shared.workers.get_executor());
    Response response =
        handle(shared.router, request,
               client_key(peer, request["X-Forwarded-For"], shared.options.trusted_proxies));
    co_await move_to(stream->get_executor());
    outcome.body_share.reset();
    request.body() = std::string();
    outcome.disk_share.reset();

    finish(response, request, shared.connections.stopping(), shared.options);
    if (memo_key) shared.memo.keep(request, response, memo_key->first, memo_key->second);
    log_access(request, response.result_int(), std::chrono::steady_clock::now() - started);
    co_await write_answer(*stream, response, shared.options.body_pace, ec);
    if (ec || !response.keep_alive()) break;
  }
  stream->socket().shutdown(tcp::socket::shutdown_send, ec);
  shared.connections.remove(*entry);
}

// Whether accepting failed for want of file descriptors (the process's or the system's).
bool out_of_descriptors(const beast::error_code& ec) {
  return ec.category() == asio::error::get_system_category() &&
         (ec.value() == EMFILE || ec.value() == ENFILE);
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, Shared shared) {
  asio::steady_timer pause(acceptor.get_executor());
  ThrottledWarning out_of_files(kWarningInterval);
  while (!shared.connections.stopping()) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(
        shared.io.next(), asio::redirect_error(asio::use_awaitable, ec));
    if (ec && out_of_descriptors(ec)) {
      // The connection waits in the listen queue; free a descriptor and pause instead of
      // retrying at once, which would spin a core.
      out_of_files.happened(
          std::string("accept: ") + (ec.value() == EMFILE ? "the process" : "the system") +
          " has no file descriptor left, with " + std::to_string(shared.connections.size()) +
          " connections open; dropping the one waiting longest and pausing");
      shared.connections.drop_longest_waiting();
      pause.expires_after(kAcceptPause);
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    if (ec) {
      if (shared.connections.stopping()) break;
      continue;
    }
    auto executor = socket.get_executor();  // before the socket is moved into its session
    asio::co_spawn(executor, session(std::move(socket), shared), asio::detached);
  }
}

// After SIGINT/SIGTERM: stop accepting, then stop the I/O loop once every connection has closed
// or the grace period is over.
asio::awaitable<void> drain(IoThreads& io, ConnectionTable& connections) {
  auto deadline = std::chrono::steady_clock::now() + kShutdownGrace;
  asio::steady_timer timer(io.first());
  while (connections.size() > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(50));
    co_await timer.async_wait(asio::use_awaitable);
  }
  io.stop();
}

}  // namespace

ServerOptions parse_listen(const std::string& listen) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == listen.size()) {
    throw invalid("listen",
                  "--listen: expected ADDRESS:PORT, e.g. 127.0.0.1:8080, got '" + listen + "'");
  }
  ServerOptions options;
  options.address = listen.substr(0, colon);
  if (options.address.front() == '[' && options.address.back() == ']') {
    options.address = options.address.substr(1, options.address.size() - 2);
  }
  std::string port = listen.substr(colon + 1);
  auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  if (port.size() > 5 || !std::all_of(port.begin(), port.end(), is_digit) ||
      std::stoi(port) > 65535) {
    throw invalid("listen", "--listen: '" + port + "' is not a port number (0-65535)");
  }
  options.port = static_cast<unsigned short>(std::stoi(port));
  beast::error_code ec;
  asio::ip::make_address(options.address, ec);
  if (ec) throw invalid("listen", "--listen: '" + options.address + "' is not an IP address");
  return options;
}

void serve(const ServerOptions& options,
           const std::function<Router(unsigned short port)>& make_router) {
  int threads = options.threads > 0
                    ? options.threads
                    : static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  IoThreads io(static_cast<std::size_t>(threads));
  int cores = static_cast<int>(std::max(1U, std::thread::hardware_concurrency()));
  asio::thread_pool workers(
      static_cast<std::size_t>(options.workers > 0 ? options.workers : 16 * cores));
  std::size_t open_files = raise_open_file_limit();
  ConnectionLimits limits = default_connection_limits(open_files);
  if (options.connections.total > 0) limits.total = options.connections.total;
  if (options.connections.per_client > 0) limits.per_client = options.connections.per_client;
  ConnectionTable connections(limits);
  BodyBudget bodies(options.body_memory);
  BodyBudget spooled(options.body_disk);
  ThrottledWarning budget_spent(kWarningInterval);
  ThrottledWarning budget_too_small(kWarningInterval);
  ThrottledWarning disk_full(kWarningInterval);
  ResponseMemo memo;
  ServerOptions settled = options;
  if (settled.spool_directory.empty()) {
    settled.spool_directory = std::filesystem::temp_directory_path();
  }
  // A directory bodies cannot be spooled to stops the server here, not at the first upload.
  const TemporaryFile probe(settled.spool_directory.string());

  tcp::endpoint endpoint(asio::ip::make_address(options.address), options.port);
  tcp::acceptor acceptor(io.first());
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  const Router router = make_router(acceptor.local_endpoint().port());
  spdlog::info("listening on http://{}:{} ({} open files: at most {} connections, {} per client)",
               options.address, acceptor.local_endpoint().port(), open_files, limits.total,
               limits.per_client);

  asio::signal_set signals(io.first(), SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received: finishing requests in flight, then stopping", signal);
    connections.stop();
    beast::error_code ignored;
    acceptor.close(ignored);
    asio::co_spawn(io.first(), drain(io, connections), asio::detached);
  });

  Shared shared{router,  settled,      io,        workers,          connections, bodies,
                spooled, budget_spent, disk_full, budget_too_small, memo};
  asio::co_spawn(io.first(), accept_loop(acceptor, shared), asio::detached);
  io.run();
  workers.join();
  spdlog::info("stopped");
}

}  // namespace embargo::http
