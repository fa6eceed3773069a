#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>

#include "process.h"

namespace embargo {
namespace {

namespace asio = boost::asio;
namespace bh = boost::beast::http;
using namespace std::chrono_literals;

// A data directory with an initialised store, removed afterwards.
class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("embargo-server-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    ASSERT_EQ(testing::run_command(std::string(EMBARGO_BINARY) + " init --data " + dir_.string() +
                                   " >/dev/null"),
              0);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Starts `embargo serve` on a port the kernel picks and returns that port.
  unsigned short start(std::unique_ptr<testing::Process>& server) {
    server = std::make_unique<testing::Process>(std::vector<std::string>{
        EMBARGO_BINARY, "serve", "--data", dir_.string(), "--listen", "127.0.0.1:0"});
    if (unsigned short port = testing::listening_port(*server)) return port;
    ADD_FAILURE() << "the server did not say where it listens";
    return 0;
  }

  std::filesystem::path dir_;
};

bh::response<bh::string_body> get(unsigned short port, const std::string& target,
                                  bh::verb method = bh::verb::get) {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  bh::request<bh::string_body> request{method, target, 11};
  request.set(bh::field::host, "127.0.0.1");
  bh::write(socket, request);
  boost::beast::flat_buffer buffer;
  bh::response<bh::string_body> response;
  bh::read(socket, buffer, response);
  return response;
}

// Sends raw bytes and returns the whole answer up to the server closing the connection.
std::string send_raw(unsigned short port, const std::string& raw) {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  boost::system::error_code ec;
  asio::write(socket, asio::buffer(raw), ec);  // the server may answer and stop reading early
  ec.clear();
  std::string answer;
  char chunk[4096];
  while (!ec) {
    std::size_t n = socket.read_some(asio::buffer(chunk), ec);
    answer.append(chunk, n);
  }
  return answer;
}

TEST_F(ServerTest, HealthzAnswers200WithSecurityHeaders) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server);
  ASSERT_NE(port, 0);
  auto r = get(port, "/healthz");
  EXPECT_EQ(r.result(), bh::status::ok);
  EXPECT_EQ(r.body(), R"({"status":"ok"})");
  EXPECT_EQ(r["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(r["Referrer-Policy"], "no-referrer");
  EXPECT_NE(std::string(r["Content-Security-Policy"]).find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(get(port, "/no/such/page").result(), bh::status::not_found);
  EXPECT_EQ(get(port, "/healthz", bh::verb::post).result(), bh::status::method_not_allowed);
}

TEST_F(ServerTest, OversizedHeadersAndBodiesAreRefusedNotCrashed) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server);
  ASSERT_NE(port, 0);
  std::string headers = send_raw(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: " +
                                           std::string(64 * 1024, 'a') + "\r\n\r\n");
  EXPECT_TRUE(headers.starts_with("HTTP/1.1 431 Request Header Fields Too Large")) << headers;
  std::string body = send_raw(port, "POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: " +
                                        std::to_string(2 * 1024 * 1024) + "\r\n\r\n" +
                                        std::string(2 * 1024 * 1024, 'b'));
  EXPECT_TRUE(body.starts_with("HTTP/1.1 413 Payload Too Large")) << body.substr(0, 200);
  EXPECT_EQ(get(port, "/healthz").result(), bh::status::ok);  // still serving
}

TEST_F(ServerTest, MalformedRequestsGetA400NotASilentClose) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server);
  ASSERT_NE(port, 0);
  for (const std::string raw : {
           "NOT A REQUEST\r\n\r\n",
           "GET /healthz HTTP/1.1\r\nContent-Length: abc\r\n\r\n",
           "POST /healthz HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
           "GET /healthz HTTP/1.1\r\nBad Header\r\n\r\n",
       }) {
    std::string answer = send_raw(port, raw);
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 Bad Request")) << raw << "\n" << answer;
    EXPECT_NE(answer.find(R"("code":"malformed_request")"), std::string::npos) << answer;
    EXPECT_NE(answer.find("X-Content-Type-Options: nosniff"), std::string::npos) << answer;
  }
  EXPECT_EQ(get(port, "/healthz").result(), bh::status::ok);
}

TEST_F(ServerTest, HeadHasTheLengthOfGetAndNoBody) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server);
  ASSERT_NE(port, 0);
  std::string answer =
      send_raw(port, "HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_TRUE(answer.starts_with("HTTP/1.1 200 OK")) << answer;
  // {"status":"ok"} is 15 bytes; nothing may follow the blank line.
  EXPECT_NE(answer.find("Content-Length: 15\r\n"), std::string::npos) << answer;
  EXPECT_TRUE(answer.ends_with("\r\n\r\n")) << answer;
}

TEST_F(ServerTest, IdleConnectionsDoNotDelayShutdown) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server);
  ASSERT_NE(port, 0);
  asio::io_context ioc;
  std::vector<asio::ip::tcp::socket> idle;
  for (int i = 0; i < 3; ++i) {
    idle.emplace_back(ioc).connect({asio::ip::make_address("127.0.0.1"), port});
  }
  ASSERT_EQ(get(port, "/healthz").result(), bh::status::ok);  // the idle ones are accepted by now
  auto started = std::chrono::steady_clock::now();
  server->signal(SIGTERM);
  EXPECT_EQ(server->wait(10s), 0);
  // The grace period for requests in flight is 5 s; idle connections must not wait it out.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 4s);
}

TEST_F(ServerTest, SigtermStopsGracefullyWithStatusZero) {
  for (int sig : {SIGTERM, SIGINT}) {
    std::unique_ptr<testing::Process> server;
    unsigned short port = start(server);
    ASSERT_NE(port, 0);
    ASSERT_EQ(get(port, "/healthz").result(), bh::status::ok);
    server->signal(sig);
    EXPECT_EQ(server->wait(10s), 0) << "signal " << sig;
  }
}

TEST_F(ServerTest, RefusesAnUninitialisedDataDirectory) {
  testing::Process server(
      {EMBARGO_BINARY, "serve", "--data", (dir_ / "missing").string(), "--listen", "127.0.0.1:0"});
  std::string line = server.read_line(10s);
  EXPECT_NE(line.find("embargo init"), std::string::npos) << line;
  EXPECT_EQ(server.wait(10s), 1);
}

}  // namespace
}  // namespace embargo
