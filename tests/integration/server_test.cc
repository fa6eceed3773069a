#include <gtest/gtest.h>
#include <poll.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <thread>

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
  unsigned short start(std::unique_ptr<testing::Process>& server,
                       const std::vector<std::string>& flags = {}) {
    std::vector<std::string> argv{EMBARGO_BINARY, "serve",    "--data",
                                  dir_.string(),  "--listen", "127.0.0.1:0"};
    argv.insert(argv.end(), flags.begin(), flags.end());
    server = std::make_unique<testing::Process>(argv);
    if (unsigned short port = testing::listening_port(*server)) return port;
    ADD_FAILURE() << "the server did not say where it listens";
    return 0;
  }

  std::filesystem::path dir_;
};

// How many answers a raw exchange holds, read one after the other by Beast's parser.
std::size_t answers_in(const std::string& exchange) {
  std::size_t count = 0;
  std::string_view rest(exchange);
  while (!rest.empty()) {
    bh::response_parser<bh::string_body> parser;
    boost::system::error_code ec;
    std::size_t used = 0;
    while (!parser.is_done() && !ec) {
      std::size_t n = parser.put(asio::buffer(rest.data() + used, rest.size() - used), ec);
      used += n;
      if (ec == bh::error::need_more) break;
    }
    if (!parser.is_done()) break;
    ++count;
    rest.remove_prefix(used);
  }
  return count;
}

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

// A body whose Transfer-Encoding does not end in chunked has no length this server and a proxy in
// front would agree on: what follows it must never be read as a second request (RFC 9112, 6.3).
TEST_F(ServerTest, ARequestSmuggledAfterAnUnframedBodyIsNeverAnswered) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server);
  ASSERT_NE(port, 0);
  for (const std::string coding : {"xchunked", "gzip", "chunked, identity"}) {
    std::string exchange =
        send_raw(port, "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding +
                           "\r\n\r\nGET /smuggled-proof HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(exchange.starts_with("HTTP/1.1 400 Bad Request")) << coding << "\n" << exchange;
    EXPECT_EQ(answers_in(exchange), 1U) << coding << "\n" << exchange;
    EXPECT_NE(exchange.find("Connection: close"), std::string::npos) << exchange;
    EXPECT_NE(exchange.find("must end in chunked"), std::string::npos) << exchange;
  }
  std::string gzip_chunked =
      send_raw(port,
               "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
               "0\r\n\r\nGET /smuggled-proof HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_TRUE(gzip_chunked.starts_with("HTTP/1.1 501 Not Implemented")) << gzip_chunked;
  EXPECT_EQ(answers_in(gzip_chunked), 1U) << gzip_chunked;
  // A chunked body alone keeps the connection: the request after it is answered.
  std::string chunked =
      send_raw(port,
               "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
               "0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(answers_in(chunked), 2U) << chunked;
}

TEST_F(ServerTest, HostIsRequiredOnceAndFoldedHeaderLinesAreRefused) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server);
  ASSERT_NE(port, 0);
  for (const std::string raw : {
           "GET /healthz HTTP/1.1\r\n\r\n",
           "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
           "GET /healthz HTTP/1.1\r\nHost: user@a\r\n\r\n",
           "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Note: a\r\n b\r\n\r\n",
       }) {
    std::string answer = send_raw(port, raw + "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_TRUE(answer.starts_with("HTTP/1.1 400 Bad Request")) << raw << "\n" << answer;
    EXPECT_EQ(answers_in(answer), 1U) << answer;
  }
  std::string http10 = send_raw(port, "GET /healthz HTTP/1.0\r\n\r\n");
  EXPECT_TRUE(http10.starts_with("HTTP/1.0 200 OK")) << http10;  // HTTP/1.0 needs no Host
}

// Strict-Transport-Security tells browsers to use https only; sent over a plain http address
// it would lock them out, so only a server whose public URL is https sends it.
TEST_F(ServerTest, StrictTransportSecurityOnlyWhenThePublicUrlIsHttps) {
  {
    std::unique_ptr<testing::Process> server;
    unsigned short port = start(server);
    ASSERT_NE(port, 0);
    EXPECT_EQ(get(port, "/healthz").count(bh::field::strict_transport_security), 0U);
  }
  std::unique_ptr<testing::Process> server;
  unsigned short port =
      start(server, {"--public-url", "https://security.example.org", "--hsts-max-age", "600"});
  ASSERT_NE(port, 0);
  EXPECT_EQ(get(port, "/healthz")[bh::field::strict_transport_security], "max-age=600");
  EXPECT_EQ(get(port, "/no/such/page")[bh::field::strict_transport_security], "max-age=600");
  std::string refused = send_raw(port, "GET /healthz HTTP/1.1\r\n\r\n");
  EXPECT_NE(refused.find("Strict-Transport-Security: max-age=600"), std::string::npos) << refused;
}

// A body must keep arriving at --min-body-rate; one that trickles loses its connection when a
// window passes without enough of it, whatever Content-Length it declared.
TEST_F(ServerTest, ABodyTricklingBelowTheMinimumRateIsCut) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server, {"--min-body-rate", "1000", "--body-rate-window", "1"});
  ASSERT_NE(port, 0);
  asio::io_context ioc;
  asio::ip::tcp::socket slow(ioc);
  slow.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(slow, asio::buffer(std::string("POST /healthz HTTP/1.1\r\nHost: x\r\n"
                                             "Content-Length: 100000\r\n\r\nab")));
  boost::system::error_code ec;
  char byte = 0;
  // 10 bytes a second, 100 times slower than required, for 10 seconds at most: less than the
  // 16 s the old deadline (15 s + 1 s per 64 KiB) gave this body, so a failed write shows the
  // rate, not a deadline, cut it.
  for (int i = 0; i < 100 && !ec; ++i) {
    asio::write(slow, asio::buffer(&byte, 1), ec);
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(ec) << "the server kept reading a body arriving at 10 bytes per second";
  EXPECT_EQ(get(port, "/healthz").result(), bh::status::ok);
}

// Sends a form's header declaring `length` bytes and asking "100 Continue", which the server
// says once it has taken the body's share of the budgets, and returns the open connection.
asio::ip::tcp::socket hold_body(asio::io_context& ioc, unsigned short port, std::size_t length) {
  asio::ip::tcp::socket holding(ioc);
  holding.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(holding, asio::buffer("POST /p/pyspector/report HTTP/1.1\r\nHost: x\r\n"
                                    "Content-Type: multipart/form-data; boundary=b\r\n"
                                    "Content-Length: " +
                                    std::to_string(length) + "\r\nExpect: 100-continue\r\n\r\n"));
  std::string interim;
  boost::asio::read_until(holding, asio::dynamic_buffer(interim), "\r\n\r\n");
  EXPECT_TRUE(interim.starts_with("HTTP/1.1 100 Continue")) << interim;
  return holding;
}

const std::string kFormHeader =
    "POST /p/pyspector/report HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n"
    "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: ";

// Sends a body of `length` bytes until one is read (and refused as no form, 4xx): a held
// body's share comes back when its connection ends, which the server notices soon after.
std::string send_until_read(unsigned short port, std::size_t length) {
  std::string answer;
  for (int attempt = 0; attempt < 500 && !answer.starts_with("HTTP/1.1 4"); ++attempt) {
    answer = send_raw(port, kFormHeader + std::to_string(length) + "\r\nConnection: close\r\n\r\n" +
                                std::string(length, 'x'));
  }
  return answer;
}

// The bodies in memory at once are bounded; each takes at most 1 MiB of --body-memory-mib (a
// larger one is spooled to disk). A body that does not fit in what is left waits for nothing
// and holds nothing: it is answered 503 with Retry-After before it is read.
TEST_F(ServerTest, BodiesOverTheMemoryBudgetAreRefusedBeforeTheyAreRead) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server, {"--body-memory-mib", "2", "--submission-rate-limit", "0"});
  ASSERT_NE(port, 0);
  asio::io_context ioc;
  // Two bodies of 1 MiB whose bytes never come hold the two MiB; so do a 1 MiB and a 5 MiB one
  // (spooled, it takes 1 MiB of memory).
  auto first = hold_body(ioc, port, 1024 * 1024);
  auto second = hold_body(ioc, port, 5 * 1024 * 1024);
  std::string busy =
      send_raw(port,
               "POST /p/pyspector/report HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
               "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 100\r\n\r\n");
  EXPECT_TRUE(busy.starts_with("HTTP/1.1 503 Service Unavailable")) << busy;
  EXPECT_NE(busy.find("Retry-After: 10\r\n"), std::string::npos) << busy;
  EXPECT_NE(busy.find(R"("code":"busy")"), std::string::npos) << busy;
  std::string page = send_raw(port, kFormHeader + "100\r\n\r\n");
  EXPECT_TRUE(page.starts_with("HTTP/1.1 503")) << page.substr(0, 300);
  EXPECT_NE(page.find("Content-Type: text/html"), std::string::npos) << page.substr(0, 300);
  EXPECT_NE(page.find("Send it again in a minute."), std::string::npos);
  first.close();
  EXPECT_TRUE(send_until_read(port, 1024 * 1024).starts_with("HTTP/1.1 4"));
}

// Bodies over 1 MiB wait on disk, within --body-disk-mib, each taking twice its length (the body
// and the files read out of it): one that does not fit in what is left is answered 503, one
// that could never fit 413, whoever else is sending.
TEST_F(ServerTest, BodiesOverTheDiskBudgetAreRefusedBeforeTheyAreRead) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server, {"--body-disk-mib", "5", "--submission-rate-limit", "0"});
  ASSERT_NE(port, 0);
  asio::io_context ioc;
  auto holding = hold_body(ioc, port, 2 * 1024 * 1024);
  std::string busy = send_raw(port, kFormHeader + std::to_string(2 * 1024 * 1024) + "\r\n\r\n");
  EXPECT_TRUE(busy.starts_with("HTTP/1.1 503")) << busy.substr(0, 300);
  EXPECT_NE(busy.find("Retry-After: 10\r\n"), std::string::npos) << busy.substr(0, 300);
  // A body in memory still fits.
  EXPECT_TRUE(send_until_read(port, 1000).starts_with("HTTP/1.1 4"));
  std::string too_large =
      send_raw(port, kFormHeader + std::to_string(3 * 1024 * 1024) + "\r\n\r\n");
  EXPECT_TRUE(too_large.starts_with("HTTP/1.1 413 Payload Too Large")) << too_large.substr(0, 300);
  holding.close();
  EXPECT_TRUE(send_until_read(port, 2 * 1024 * 1024).starts_with("HTTP/1.1 4"));
}

// A large upload is spooled to an unnamed file in the data directory: nothing of it is left
// there under a name, while it is read or after.
TEST_F(ServerTest, ASpooledBodyLeavesNoFileBehind) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server, {"--submission-rate-limit", "0"});
  ASSERT_NE(port, 0);
  auto listing = [&] {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_)) {
      names.push_back(entry.path().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  };
  auto before = listing();
  asio::io_context ioc;
  auto holding = hold_body(ioc, port, 3 * 1024 * 1024);
  asio::write(holding, asio::buffer(std::string(2 * 1024 * 1024, 'x')));
  // The server's descriptors show the file: in the data directory, deleted (it has no name).
  auto spool_file = [&] {
    std::string fds = "/proc/" + std::to_string(server->pid()) + "/fd";
    for (const auto& fd : std::filesystem::directory_iterator(fds)) {
      std::error_code ec;
      std::string target = std::filesystem::read_symlink(fd.path(), ec).string();
      if (target.starts_with(dir_.string()) && target.ends_with("(deleted)")) return target;
    }
    return std::string();
  };
  std::string spooled;
  for (int i = 0; i < 200 && spooled.empty(); ++i) {
    spooled = spool_file();
    if (spooled.empty()) std::this_thread::sleep_for(50ms);
  }
  EXPECT_FALSE(spooled.empty()) << "no spooled file open in " << dir_;
  EXPECT_EQ(listing(), before);
  holding.close();
  EXPECT_TRUE(send_until_read(port, 2 * 1024 * 1024).starts_with("HTTP/1.1 4"));
}

// One client cannot hold every connection: at its limit its own connection waiting longest is
// dropped for the new one, so a client that opens many and sends nothing locks out nobody.
TEST_F(ServerTest, AClientAtItsConnectionLimitLosesItsOldestWaitingOne) {
  std::unique_ptr<testing::Process> server;
  unsigned short port = start(server, {"--max-connections-per-client", "4"});
  ASSERT_NE(port, 0);
  // Four persistent connections, each answered once and then waiting for its next request, in
  // this order (an answer read means the server has the connection).
  asio::io_context ioc;
  std::vector<asio::ip::tcp::socket> waiting;
  for (int i = 0; i < 4; ++i) {
    auto& socket = waiting.emplace_back(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    bh::request<bh::string_body> request{bh::verb::get, "/healthz", 11};
    request.set(bh::field::host, "127.0.0.1");
    bh::write(socket, request);
    boost::beast::flat_buffer buffer;
    bh::response<bh::string_body> response;
    bh::read(socket, buffer, response);
    ASSERT_EQ(response.result(), bh::status::ok);
  }
  EXPECT_EQ(get(port, "/healthz").result(), bh::status::ok);  // the fifth
  // The first, which has waited longest, was closed by the server; the others were not.
  std::vector<pollfd> polls;
  for (auto& socket : waiting) polls.push_back({socket.native_handle(), POLLIN, 0});
  ASSERT_EQ(::poll(polls.data(), 1, /*timeout ms=*/10'000), 1);
  char byte = 0;
  boost::system::error_code ec;
  waiting.front().read_some(asio::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
  EXPECT_EQ(::poll(polls.data() + 1, polls.size() - 1, /*timeout ms=*/0), 0);
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
