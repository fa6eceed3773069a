// Per-route body limits against a real `embargo serve`: a report route's limit follows its
// program's attachment policy, a body one byte over it is refused from its declared length
// (before any of it is read, and before a "100 Continue"), and a huge body is refused before
// it is sent, the server serving on.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>

#include "company_report.h"
#include "data_file.h"
#include "process.h"

namespace embargo {
namespace {

using testing::read_text;

namespace asio = boost::asio;
namespace bh = boost::beast::http;
namespace json = boost::json;
using namespace std::chrono_literals;
using Response = bh::response<bh::string_body>;

// "tiny": the company's policy with one attachment of at most 2 KiB, so its report route takes
// 1 MiB of text fields + 2048 bytes + 16 KiB for the part's headers.
constexpr std::uint64_t kTinyLimit = 1024 * 1024 + 2048 + 16 * 1024;
// The company's own policy: one file, of no size the seed names, so the server's 64 MiB.
constexpr std::uint64_t kCompanyLimit = std::uint64_t{64} * 1024 * 1024;
constexpr std::uint64_t kDefaultLimit = std::uint64_t{1024} * 1024;

class UploadLimitsTest : public ::testing::Test {
 protected:
  static void start_server() {
    dir_ = std::filesystem::temp_directory_path() /
           ("embargo-upload-limits-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::string bin = EMBARGO_BINARY;
    ASSERT_EQ(testing::run_command(bin + " init --data " + dir_.string() + " >/dev/null"), 0);
    std::string examples = std::string(EMBARGO_SOURCE_DIR) + "/examples/policies/";
    std::string tiny = read_text(examples + "company.toml");
    for (auto [from, to] :
         {std::pair<std::string, std::string>{"slug = \"company\"", "slug = \"tiny\""},
          {"extensions = [\".txt\", \".png\", \".jpg\", \".pdf\"]\n",
           "extensions = [\".txt\", \".png\", \".jpg\", \".pdf\"]\nmax_size = \"2 KiB\"\n"
           "max_files = 1\n"}}) {
      auto at = tiny.find(from);
      ASSERT_NE(at, std::string::npos) << from;
      tiny.replace(at, from.size(), to);
    }
    std::ofstream(dir_ / "tiny.toml") << tiny;
    ASSERT_EQ(testing::run_command(bin + " program apply --data " + dir_.string() + " " + examples +
                                   "company.toml " + examples + "pykour.toml " +
                                   (dir_ / "tiny.toml").string() + " >/dev/null"),
              0);
    server_ = std::make_unique<testing::Process>(std::vector<std::string>{
        EMBARGO_BINARY, "serve", "--data", dir_.string(), "--listen", "127.0.0.1:0"});
    port_ = testing::listening_port(*server_);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  void SetUp() override {
    start_server();
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_NE(port_, 0) << "the server did not say where it listens";
  }

  // A socket to the server from its own loopback address, so the per-client limit on
  // submissions never answers in place of what a test is about.
  static asio::ip::tcp::socket connect(asio::io_context& ioc) {
    asio::ip::tcp::socket socket(ioc);
    socket.open(asio::ip::tcp::v4());
    socket.bind({asio::ip::make_address("127.0.0." + std::to_string(2 + sent_++ % 250)), 0});
    socket.connect({asio::ip::make_address("127.0.0.1"), port_});
    return socket;
  }

  static Response post(const std::string& target, const std::string& body,
                       const std::string& content_type = "application/json") {
    asio::io_context ioc;
    auto socket = connect(ioc);
    bh::request<bh::string_body> request{bh::verb::post, target, 11};
    request.set(bh::field::host, "127.0.0.1");
    request.set(bh::field::content_type, content_type);
    request.body() = body;
    request.prepare_payload();
    boost::system::error_code ec;
    bh::write(socket, request, ec);  // the server may answer before it has read everything
    boost::beast::flat_buffer buffer;
    Response response;
    bh::read(socket, buffer, response);
    return response;
  }

  // Sends only a header declaring `length` bytes and reads the answer.
  static Response declare(const std::string& target, std::uint64_t length,
                          const std::string& accept = "*/*") {
    asio::io_context ioc;
    auto socket = connect(ioc);
    std::string head =
        "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: " + accept + "\r\n" +
        "Content-Type: application/json\r\nContent-Length: " + std::to_string(length) + "\r\n\r\n";
    asio::write(socket, asio::buffer(head));
    boost::beast::flat_buffer buffer;
    Response response;
    bh::read(socket, buffer, response);
    return response;
  }

  static void expect_too_large(const Response& r, std::uint64_t limit, const std::string& what) {
    EXPECT_EQ(r.result(), bh::status::payload_too_large) << what << ": " << r.body();
    EXPECT_EQ(r.body(),
              R"({"error":{"code":"too_large","message":"the request body is larger than the )" +
                  std::to_string(limit) + R"( bytes this endpoint accepts"}})")
        << what;
    EXPECT_EQ(r["X-Content-Type-Options"], "nosniff") << what;
    EXPECT_NE(r["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos)
        << what;
    EXPECT_EQ(r[bh::field::connection], "close") << what;
  }

  static bool healthy() {
    asio::io_context ioc;
    auto socket = connect(ioc);
    bh::request<bh::string_body> request{bh::verb::get, "/healthz", 11};
    request.set(bh::field::host, "127.0.0.1");
    bh::write(socket, request);
    boost::beast::flat_buffer buffer;
    Response response;
    bh::read(socket, buffer, response);
    return response.result() == bh::status::ok;
  }

  // A submission that fits the company's form (and so tiny's), as JSON padded with whitespace
  // to exactly `size` bytes.
  static std::string submission_of_size(std::uint64_t size) {
    std::string body = json::serialize(testing::company_report());
    body.append(size - body.size(), ' ');
    return body;
  }

  static inline const std::string kMultipart = "multipart/form-data; boundary=b";

  // The same submission with a 2 KiB file, as multipart padded to exactly `size` bytes by a
  // preamble (text before the first boundary, which a form body may have and which is ignored).
  static std::string multipart_of_size(std::uint64_t size) {
    std::string parts = "\r\n--b\r\nContent-Disposition: form-data; name=\"report\"\r\n\r\n" +
                        json::serialize(testing::company_report()) +
                        "\r\n--b\r\nContent-Disposition: form-data; name=\"attachments\"; "
                        "filename=\"poc.txt\"\r\n\r\n" +
                        std::string(2048, 'x') + "\r\n--b--\r\n";
    return std::string(size - parts.size(), '.') + parts;
  }

  static inline std::filesystem::path dir_;
  static inline std::unique_ptr<testing::Process> server_;
  static inline unsigned short port_ = 0;
  static inline unsigned sent_ = 0;
};

TEST_F(UploadLimitsTest, ABodyAtTheRouteLimitIsReadAndOneByteMoreIsRefused) {
  Response at = post("/api/v1/programs/tiny/reports", multipart_of_size(kTinyLimit), kMultipart);
  EXPECT_EQ(at.result(), bh::status::created) << at.body();
  Response over =
      post("/api/v1/programs/tiny/reports", multipart_of_size(kTinyLimit + 1), kMultipart);
  expect_too_large(over, kTinyLimit, "one byte over");
  // Over the default 1 MiB but within tiny's limit: the route's limit is what counts.
  Response between =
      post("/api/v1/programs/tiny/reports", multipart_of_size(kDefaultLimit + 100), kMultipart);
  EXPECT_EQ(between.result(), bh::status::created) << between.body();
}

// A body over 1 MiB waits in a file (docs/security.md); JSON is text, and a JSON body that large
// is refused within the route's limit, saying where files go.
TEST_F(UploadLimitsTest, JsonOverAMebibyteIsRefusedSayingWhereFilesGo) {
  Response at = post("/api/v1/programs/tiny/reports", submission_of_size(kDefaultLimit));
  EXPECT_EQ(at.result(), bh::status::created) << at.body();
  Response over = post("/api/v1/programs/tiny/reports", submission_of_size(kDefaultLimit + 1));
  EXPECT_EQ(over.result(), bh::status::bad_request) << over.body();
  EXPECT_NE(over.body().find("a JSON body is at most 1024 KiB; send files as parts of a "
                             "multipart/form-data body"),
            std::string::npos)
      << over.body();
}

TEST_F(UploadLimitsTest, EachRouteNamesItsOwnLimit) {
  // The company names no file size: the server's limit, on the API and on the form's route.
  expect_too_large(declare("/api/v1/programs/company/reports", kCompanyLimit + 1), kCompanyLimit,
                   "company API");
  expect_too_large(declare("/p/company/report", kCompanyLimit + 1), kCompanyLimit, "company form");
  // A browser's form is read up to the server's limit whatever the program takes (Pykour takes
  // no files): a text or a file over the program's limit comes back beside its field.
  expect_too_large(declare("/p/pykour/report", kCompanyLimit + 1), kCompanyLimit, "pykour form");
  // A person's browser is answered with a page, not JSON: go back, the browser kept the text.
  Response page = declare("/p/company/report", kCompanyLimit + 1,
                          "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
  EXPECT_EQ(page.result(), bh::status::payload_too_large);
  EXPECT_EQ(page[bh::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(page.body().find("larger than this server accepts (64 MiB), so nothing was sent. Go "
                             "back: your browser keeps what you typed."),
            std::string::npos)
      << page.body();
  // Pykour takes no attachments, an unknown program gets the default, and so do other routes.
  expect_too_large(declare("/api/v1/programs/pykour/reports", kDefaultLimit + 1), kDefaultLimit,
                   "pykour");
  expect_too_large(declare("/api/v1/programs/nope/reports", kDefaultLimit + 1), kDefaultLimit,
                   "unknown program");
  expect_too_large(declare("/healthz", kDefaultLimit + 1), kDefaultLimit, "healthz");
  expect_too_large(declare("/api/v1/programs/tiny/reports?x=1", kTinyLimit + 1), kTinyLimit,
                   "with a query string");
}

// The refusal comes from the declared length alone: the client sends the head and none of the
// 50 MB, and the answer comes all the same, so the body is neither waited for nor read into
// memory; the server keeps serving. (A server that waited for the body would never answer: the
// read gives up after a minute, far beyond any answer's time, and the test fails.)
TEST_F(UploadLimitsTest, A50MegabyteBodyToA1MegabyteRouteIsRefusedBeforeItIsSent) {
  constexpr std::size_t kHuge = 50'000'000;
  asio::io_context ioc;
  auto socket = connect(ioc);
  std::string head =
      "POST /api/v1/programs/pykour/reports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\nContent-Length: " +
      std::to_string(kHuge) + "\r\n\r\n";
  asio::write(socket, asio::buffer(head));
  boost::beast::flat_buffer buffer;
  Response response;
  boost::system::error_code ec;
  auto reading = std::async(std::launch::async, [&] { bh::read(socket, buffer, response, ec); });
  if (reading.wait_for(60s) == std::future_status::timeout) {
    boost::system::error_code ignored;
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);  // ends the read
    reading.wait();
    FAIL() << "no answer while the whole body was still owed";
  }
  ASSERT_FALSE(ec) << ec.message();
  expect_too_large(response, kDefaultLimit, "50 MB");
  EXPECT_TRUE(healthy());
}

TEST_F(UploadLimitsTest, AChunkedBodyIsCutWhenItGrowsPastTheLimit) {
  asio::io_context ioc;
  auto socket = connect(ioc);
  std::string request =
      "POST /api/v1/programs/pykour/reports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::string chunk(std::size_t{512} * 1024, ' ');
  std::ostringstream size;
  size << std::hex << chunk.size();
  for (int i = 0; i < 3; ++i) request += size.str() + "\r\n" + chunk + "\r\n";
  request += "0\r\n\r\n";
  boost::system::error_code ec;
  asio::write(socket, asio::buffer(request), ec);
  boost::beast::flat_buffer buffer;
  Response response;
  bh::read(socket, buffer, response);
  expect_too_large(response, kDefaultLimit, "chunked");
  EXPECT_TRUE(healthy());
}

// RFC 9110, 10.1.1: a client that waits for "100 Continue" gets it only when its declared
// length fits; over the limit it gets the 413 at once and never sends the body.
TEST_F(UploadLimitsTest, ExpectContinueIsAnsweredOnlyWhenTheLengthFits) {
  std::string body = submission_of_size(4096);
  {
    asio::io_context ioc;
    auto socket = connect(ioc);
    std::string head =
        "POST /api/v1/programs/tiny/reports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\nExpect: 100-continue\r\n"
        "Content-Length: " +
        std::to_string(body.size()) + "\r\n\r\n";
    asio::write(socket, asio::buffer(head));
    asio::streambuf interim;
    asio::read_until(socket, interim, "\r\n\r\n");
    std::string first(asio::buffers_begin(interim.data()),
                      asio::buffers_begin(interim.data()) + static_cast<long>(interim.size()));
    EXPECT_EQ(first.substr(0, first.find("\r\n\r\n") + 4), "HTTP/1.1 100 Continue\r\n\r\n");
    interim.consume(first.find("\r\n\r\n") + 4);
    asio::write(socket, asio::buffer(body));
    boost::beast::flat_buffer buffer;
    buffer.commit(asio::buffer_copy(buffer.prepare(interim.size()), interim.data()));
    Response response;
    bh::read(socket, buffer, response);
    EXPECT_EQ(response.result(), bh::status::created) << response.body();
  }
  {
    asio::io_context ioc;
    auto socket = connect(ioc);
    std::string head =
        "POST /api/v1/programs/tiny/reports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        "Content-Type: application/json\r\nExpect: 100-continue\r\n"
        "Content-Length: " +
        std::to_string(kTinyLimit + 1) + "\r\n\r\n";
    asio::write(socket, asio::buffer(head));
    boost::beast::flat_buffer buffer;
    Response response;
    bh::read(socket, buffer, response);  // a 100 here would be read as the answer and fail
    expect_too_large(response, kTinyLimit, "expect over the limit");
  }
}

}  // namespace
}  // namespace embargo
