#include "http/request_framing.h"

#include <gtest/gtest.h>

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

Request::header_type header(unsigned version,
                            std::initializer_list<std::pair<bh::field, std::string>> fields) {
  Request::header_type h;
  h.method(bh::verb::post);
  h.target("/api/v1/reports");
  h.version(version);
  for (const auto& [name, value] : fields) h.insert(name, value);
  return h;
}

// RFC 9112 section 6.3: only a final chunked frames a request body; anything else is a 400 and
// the end of the connection, since a proxy in front may have framed it otherwise.
TEST(FramingRefusal, TransferEncodingMustBeChunkedAloneAndLast) {
  EXPECT_FALSE(framing_refusal(
      header(11, {{bh::field::host, "x"}, {bh::field::transfer_encoding, "chunked"}})));
  EXPECT_FALSE(framing_refusal(
      header(11, {{bh::field::host, "x"}, {bh::field::transfer_encoding, "Chunked"}})));
  for (std::string coding : {"xchunked", "gzip", "chunked, identity", "chunked,gzip", ",", ""}) {
    auto refusal = framing_refusal(
        header(11, {{bh::field::host, "x"}, {bh::field::transfer_encoding, coding}}));
    ASSERT_TRUE(refusal) << coding;
    EXPECT_EQ(refusal->status, bh::status::bad_request) << coding;
  }
  auto refusal = framing_refusal(
      header(11, {{bh::field::host, "x"}, {bh::field::transfer_encoding, "xchunked"}}));
  EXPECT_EQ(refusal->message,
            "Transfer-Encoding must end in chunked (RFC 9112, section 6.3), got "
            "'xchunked'");
}

TEST(FramingRefusal, RepeatedTransferEncodingLinesAreOneList) {
  auto gzip_then_chunked = framing_refusal(header(11, {{bh::field::host, "x"},
                                                       {bh::field::transfer_encoding, "gzip"},
                                                       {bh::field::transfer_encoding, "chunked"}}));
  ASSERT_TRUE(gzip_then_chunked);
  EXPECT_EQ(gzip_then_chunked->status, bh::status::not_implemented);  // understood, not decoded
  EXPECT_NE(gzip_then_chunked->message.find("'gzip'"), std::string::npos);
  auto twice = framing_refusal(header(11, {{bh::field::host, "x"},
                                           {bh::field::transfer_encoding, "chunked"},
                                           {bh::field::transfer_encoding, "chunked"}}));
  ASSERT_TRUE(twice);
  EXPECT_EQ(twice->status, bh::status::bad_request);
}

TEST(FramingRefusal, Http10MayNotUseTransferEncoding) {
  auto refusal = framing_refusal(header(10, {{bh::field::transfer_encoding, "chunked"}}));
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->status, bh::status::bad_request);
}

// RFC 9112 section 3.2: exactly one Host on HTTP/1.1, at most one on HTTP/1.0, and a valid one.
TEST(FramingRefusal, HostIsRequiredOnceAndValid) {
  EXPECT_TRUE(framing_refusal(header(11, {})));
  EXPECT_FALSE(framing_refusal(header(10, {})));
  EXPECT_TRUE(framing_refusal(header(10, {{bh::field::host, "a"}, {bh::field::host, "b"}})));
  EXPECT_TRUE(framing_refusal(header(11, {{bh::field::host, "a"}, {bh::field::host, "a"}})));
  for (std::string host : {"example.org", "example.org:8443", "[::1]:8080", "192.0.2.7", ""}) {
    EXPECT_FALSE(framing_refusal(header(11, {{bh::field::host, host}}))) << host;
  }
  for (std::string host : {"user@example.org", "exa mple.org", "example.org:80a", "[::1"}) {
    auto refusal = framing_refusal(header(11, {{bh::field::host, host}}));
    ASSERT_TRUE(refusal) << host;
    EXPECT_EQ(refusal->message, "the Host header '" + host + "' is not a host and port");
  }
}

TEST(FoldedHeaderRefusal, AFieldLineContinuedOnTheNextIsRefused) {
  EXPECT_FALSE(folded_header_refusal("GET / HTTP/1.1\r\nHost: x\r\nX-A: b c\r\n\r\n"));
  EXPECT_TRUE(folded_header_refusal("GET / HTTP/1.1\r\nHost: x\r\nX-A: b\r\n c\r\n\r\n"));
  EXPECT_TRUE(folded_header_refusal("GET / HTTP/1.1\r\nHost: x\r\nX-A: b\r\n\tc\r\n\r\n"));
  // A space inside a value, or at the end of the request line, is no fold.
  EXPECT_FALSE(folded_header_refusal("GET / HTTP/1.1\r\nX-A:  b \r\nHost: x\r\n\r\n"));
}

}  // namespace
}  // namespace embargo::http
