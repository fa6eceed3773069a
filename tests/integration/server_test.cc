#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <regex>

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
    std::regex listening(R"(listening on http://127\.0\.0\.1:(\d+))");
    for (int i = 0; i < 50; ++i) {
      std::string line = server->read_line(10s);
      std::smatch m;
      if (std::regex_search(line, m, listening)) return static_cast<unsigned short>(std::stoi(m[1]));
      if (line.empty()) break;
    }
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

TEST_F(ServerTest, OversizedHeadersAreRefusedNotCrashed) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server);
  ASSERT_NE(port, 0);
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  std::string raw = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " +
                    std::string(64 * 1024, 'a') + "\r\n\r\n";
  asio::write(socket, asio::buffer(raw));
  boost::beast::flat_buffer buffer;
  bh::response<bh::string_body> response;
  bh::read(socket, buffer, response);
  EXPECT_EQ(response.result(), bh::status::request_header_fields_too_large);
  EXPECT_EQ(get(port, "/healthz").result(), bh::status::ok);  // still serving
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
