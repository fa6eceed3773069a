#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/error.h"
#include "formats/policy_words.h"
#include "http/access_log.h"
#include "http/client_address.h"

namespace embargo::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace beast_http = boost::beast::http;
using tcp = asio::ip::tcp;

constexpr auto kReadTimeout = std::chrono::seconds(15);  // a slow or idle client is dropped
constexpr auto kShutdownGrace = std::chrono::seconds(5);
constexpr std::uint32_t kHeaderLimit = std::uint32_t{16} * 1024;
// A large upload gets one more second per this many bytes beyond kReadTimeout, so a 50 MB
// proof of concept can arrive over a slow uplink while a client trickling bytes is still cut.
constexpr std::uint64_t kSlowestUploadBytesPerSecond = std::uint64_t{64} * 1024;

// What the accept loop and the sessions share. A graceful shutdown ends as soon as the last
// connection has finished; connections idle between requests are cancelled at once so they do
// not hold it up.
class ServerState {
 public:
  std::atomic<bool> stopping{false};

  int sessions() {
    std::lock_guard lock(mutex_);
    return static_cast<int>(streams_.size());
  }
  void add(const std::shared_ptr<beast::tcp_stream>& stream) {
    std::lock_guard lock(mutex_);
    streams_[stream.get()] = {stream, false};
  }
  void remove(beast::tcp_stream* stream) {
    std::lock_guard lock(mutex_);
    streams_.erase(stream);
  }
  // Marks a connection as waiting for its next request; returns false when shutting down.
  bool set_idle(beast::tcp_stream* stream, bool idle) {
    std::lock_guard lock(mutex_);
    streams_[stream].idle = idle;
    return !(idle && stopping);
  }
  void cancel_idle() {
    std::lock_guard lock(mutex_);
    for (auto& [raw, entry] : streams_) {
      if (!entry.idle) continue;
      if (auto stream = entry.stream.lock()) {
        asio::post(stream->get_executor(), [stream] { stream->cancel(); });
      }
    }
  }

 private:
  struct Entry {
    std::weak_ptr<beast::tcp_stream> stream;
    bool idle = false;
  };
  std::mutex mutex_;
  std::map<beast::tcp_stream*, Entry> streams_;
};

Response handle(const Router& router, const Request& request, const std::string& client) {
  try {
    return router.dispatch(request, client);
  } catch (const std::exception& e) {
    spdlog::error("handler failed: {}", e.what());
    return error_response(request, beast_http::status::internal_server_error, "internal",
                          "the server could not complete the request");
  }
}

// The answer to a request that could not be parsed, or nothing when the client simply went
// away (closed, reset, timed out, cancelled at shutdown). `body_limit` is the limit of the route
// `header` was for; a browser's form too large to read gets a page (Router::refusal).
std::optional<Response> answer_to_read_error(const beast::error_code& ec, std::uint64_t body_limit,
                                             const Router& router, const Request& header) {
  if (ec.category() != beast_http::make_error_code(beast_http::error::bad_method).category() ||
      ec == beast_http::error::end_of_stream || ec == beast_http::error::partial_message) {
    return std::nullopt;
  }
  Request unparsed;
  unparsed.version(11);
  if (ec == beast_http::error::body_limit) {
    Request asked = header;
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

// Adds the security headers and the framing: strips the body of an answer to HEAD, keeping the
// length the GET would have had, and sends a 304 without a length.
void finish(Response& response, const Request& request, bool stopping) {
  add_security_headers(response);
  response.keep_alive(request.keep_alive() && !stopping);
  if (response.result() == beast_http::status::not_modified) {
    // A 304 has no body, and a Content-Length on it would have to be the full representation's
    // (RFC 9110, 8.6): a cache refreshing its headers from a "0" would truncate the page.
    response.body().clear();
    response.erase(beast_http::field::content_length);
    return;
  }
  if (request.method() == beast_http::verb::head) {
    auto length = response.body().size();
    response.body().clear();
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

// The body limit of the route a request is for; the default when the route's limit could not be
// worked out (the handler then answers as it would).
std::uint64_t route_body_limit(const Router& router, const Request& header) {
  try {
    return router.body_limit(header.method(), header.target());
  } catch (const std::exception& e) {
    spdlog::error("body limit failed: {}", e.what());
    return kDefaultBodyLimit;
  }
}

// Whether a client waits for "100 Continue" before sending the body (RFC 9110, 10.1.1); an
// HTTP/1.0 client is never sent one.
bool expects_continue(const Request& header) {
  auto expect = header.find(beast_http::field::expect);
  return header.version() >= 11 && expect != header.end() &&
         beast::iequals(expect->value(), "100-continue");
}

// Reads the body of a request whose header has been read, within the limit of its route: a
// declared length over the limit is refused before any of the body is read (and before a
// "100 Continue"), a chunked body as soon as it grows past it. Returns the limit applied.
asio::awaitable<std::uint64_t> read_body(
    beast::tcp_stream& stream, beast::flat_buffer& buffer,
    beast_http::request_parser<beast_http::string_body>& parser, const Router& router,
    asio::thread_pool& workers, beast::error_code& ec) {
  // A limit function may look the program up in the store: off the I/O thread.
  co_await asio::post(workers.get_executor(), asio::use_awaitable);
  std::uint64_t limit = route_body_limit(router, parser.get());
  co_await asio::post(stream.get_executor(), asio::use_awaitable);
  std::uint64_t expected = parser.content_length().value_or(limit);
  if (expected > limit) {
    ec = beast_http::error::body_limit;
    co_return limit;
  }
  if (expects_continue(parser.get())) {
    beast_http::response<beast_http::empty_body> go_on{beast_http::status::continue_, 11};
    co_await beast_http::async_write(stream, go_on, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return limit;
  }
  parser.body_limit(limit);
  stream.expires_after(kReadTimeout +
                       std::chrono::seconds(expected / kSlowestUploadBytesPerSecond));
  co_await beast_http::async_read(stream, buffer, parser,
                                  asio::redirect_error(asio::use_awaitable, ec));
  co_return limit;
}

asio::awaitable<void> session(tcp::socket socket, const Router& router, asio::thread_pool& workers,
                              ServerState& state, const ServerOptions& options) {
  beast::error_code peer_error;
  const asio::ip::address peer = socket.remote_endpoint(peer_error).address();
  auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
  state.add(stream);
  beast::flat_buffer buffer;
  beast::error_code ec;
  while (state.set_idle(stream.get(), true)) {
    beast_http::request_parser<beast_http::string_body> parser;
    parser.header_limit(kHeaderLimit);
    parser.body_limit(boost::none);  // the route's limit is known once the header is read
    stream->expires_after(kReadTimeout);
    co_await beast_http::async_read_header(*stream, buffer, parser,
                                           asio::redirect_error(asio::use_awaitable, ec));
    state.set_idle(stream.get(), false);
    std::uint64_t body_limit = kDefaultBodyLimit;
    if (!ec && !parser.is_done()) {
      body_limit = co_await read_body(*stream, buffer, parser, router, workers, ec);
    }
    if (ec) {
      Request header;
      header.base() = parser.get().base();
      if (auto response = answer_to_read_error(ec, body_limit, router, header)) {
        response->set(beast_http::field::connection, "close");
        add_security_headers(*response);
        response->prepare_payload();
        co_await beast_http::async_write(*stream, *response,
                                         asio::redirect_error(asio::use_awaitable, ec));
        co_await drain_and_close(*stream);
        state.remove(stream.get());
        co_return;
      }
      break;
    }
    Request request = parser.release();
    auto started = std::chrono::steady_clock::now();

    // Handlers may touch the store: run them on the worker pool, never on an I/O thread.
    co_await asio::post(workers.get_executor(), asio::use_awaitable);
    Response response = handle(
        router, request, client_key(peer, request["X-Forwarded-For"], options.trusted_proxies));
    co_await asio::post(stream->get_executor(), asio::use_awaitable);

    finish(response, request, state.stopping);
    log_access(request, response.result_int(), std::chrono::steady_clock::now() - started);
    stream->expires_after(kReadTimeout);
    co_await beast_http::async_write(*stream, response,
                                     asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !response.keep_alive()) break;
  }
  stream->socket().shutdown(tcp::socket::shutdown_send, ec);
  state.remove(stream.get());
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, const Router& router,
                                  asio::thread_pool& workers, ServerState& state,
                                  const ServerOptions& options) {
  while (!state.stopping) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(
        asio::make_strand(acceptor.get_executor()), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (state.stopping) break;
      continue;
    }
    auto executor = socket.get_executor();  // before the socket is moved into its session
    asio::co_spawn(executor, session(std::move(socket), router, workers, state, options),
                   asio::detached);
  }
}

// After SIGINT/SIGTERM: stop accepting, then stop the I/O loop once every connection has closed
// or the grace period is over.
asio::awaitable<void> drain(asio::io_context& ioc, ServerState& state) {
  auto deadline = std::chrono::steady_clock::now() + kShutdownGrace;
  asio::steady_timer timer(ioc);
  while (state.sessions() > 0 && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(50));
    co_await timer.async_wait(asio::use_awaitable);
  }
  ioc.stop();
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
  asio::io_context ioc(threads);
  asio::thread_pool workers(static_cast<std::size_t>(threads));
  ServerState state;

  tcp::endpoint endpoint(asio::ip::make_address(options.address), options.port);
  tcp::acceptor acceptor(ioc);
  acceptor.open(endpoint.protocol());
  acceptor.set_option(asio::socket_base::reuse_address(true));
  acceptor.bind(endpoint);
  acceptor.listen(asio::socket_base::max_listen_connections);
  const Router router = make_router(acceptor.local_endpoint().port());
  spdlog::info("listening on http://{}:{}", options.address, acceptor.local_endpoint().port());

  asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const beast::error_code& ec, int signal) {
    if (ec) return;
    spdlog::info("signal {} received: finishing requests in flight, then stopping", signal);
    state.stopping = true;
    beast::error_code ignored;
    acceptor.close(ignored);
    state.cancel_idle();
    asio::co_spawn(ioc, drain(ioc, state), asio::detached);
  });

  asio::co_spawn(ioc, accept_loop(acceptor, router, workers, state, options), asio::detached);

  std::vector<std::thread> pool;
  for (int i = 1; i < threads; ++i) pool.emplace_back([&ioc] { ioc.run(); });
  ioc.run();
  for (auto& t : pool) t.join();
  workers.join();
  spdlog::info("stopped");
}

}  // namespace embargo::http
