#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <thread>

#include "http/server.h"

namespace embargo::http {
namespace {

namespace asio = boost::asio;
namespace bh = boost::beast::http;
using namespace std::chrono_literals;

// GET `target` over a connection of its own; the status of the answer.
unsigned status_of(unsigned short port, const std::string& target) {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  bh::request<bh::string_body> request{bh::verb::get, target, 11};
  request.set(bh::field::host, "127.0.0.1");
  bh::write(socket, request);
  boost::beast::flat_buffer buffer;
  bh::response<bh::string_body> response;
  bh::read(socket, buffer, response);
  return response.result_int();
}

// Handlers may wait on the store (a write waits for its fsync): they run on the worker pool, so
// a waiting handler holds up neither the I/O thread nor the connections it serves. With a single
// I/O thread, a handler run on it would leave /healthz unanswered until it returned.
TEST(Serve, AHandlerThatWaitsHoldsUpNoOtherRequest) {
  std::mutex mutex;
  std::condition_variable changed;
  bool blocking = false;
  bool released = false;
  std::promise<unsigned short> bound;
  ServerOptions options;
  options.port = 0;
  options.threads = 1;
  options.workers = 2;
  std::thread server([&] {
    serve(options, [&](unsigned short port) {
      Router router;
      router.add(bh::verb::get, "/wait", [&](const Request& request) {
        std::unique_lock lock(mutex);
        blocking = true;
        changed.notify_all();
        changed.wait(lock, [&] { return released; });
        return json_response(request, bh::status::ok, "{}");
      });
      router.add(bh::verb::get, "/healthz", [](const Request& request) {
        return json_response(request, bh::status::ok, "{}");
      });
      bound.set_value(port);
      return router;
    });
  });
  unsigned short port = bound.get_future().get();
  auto waiting = std::async(std::launch::async, [&] { return status_of(port, "/wait"); });
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(changed.wait_for(lock, 30s, [&] { return blocking; }));
  }
  auto health = std::async(std::launch::async, [&] { return status_of(port, "/healthz"); });
  bool answered = health.wait_for(30s) == std::future_status::ready;
  {
    std::lock_guard lock(mutex);
    released = true;
  }
  changed.notify_all();
  EXPECT_TRUE(answered) << "/healthz waited for another request's handler";
  EXPECT_EQ(health.get(), 200U);
  EXPECT_EQ(waiting.get(), 200U);
  ::kill(::getpid(), SIGTERM);  // serve() stops on SIGTERM, as it does in production
  server.join();
}

}  // namespace
}  // namespace embargo::http
