#include "http/response_memo.h"

#include <gtest/gtest.h>

#include "http/etag.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

Request asked(const std::string& target, bh::verb method = bh::verb::get) {
  Request request{method, target, 11};
  request.set(bh::field::host, "x");
  return request;
}

// A policy page as the server sends it: public, with a strong ETag and its length.
Response public_page(const std::string& body = "<h1>PySpector</h1>") {
  Response response{bh::status::ok, 11};
  response.set(bh::field::content_type, "text/html; charset=utf-8");
  response.set(bh::field::etag, strong_etag(body));
  response.set(bh::field::cache_control, "public, no-cache");
  response.set("X-Content-Type-Options", "nosniff");
  response.body() = body;
  response.prepare_payload();
  return response;
}

TEST(ResponseMemo, AnswersGetHeadAndIfNoneMatchWithTheBytesTheHandlerSent) {
  ResponseMemo memo;
  Response page = public_page();
  memo.keep(asked("/p/pyspector"), page, /*generation=*/7, /*day=*/20000);
  unsigned status = 0;
  auto ok = memo.answer(asked("/p/pyspector"), 7, 20000, status);
  ASSERT_TRUE(ok);
  EXPECT_EQ(status, 200U);
  EXPECT_TRUE(ok->starts_with("HTTP/1.1 200 OK\r\n")) << *ok;
  EXPECT_TRUE(ok->ends_with("\r\n\r\n<h1>PySpector</h1>")) << *ok;
  EXPECT_NE(ok->find("Content-Length: 18\r\n"), std::string::npos);
  EXPECT_NE(ok->find("X-Content-Type-Options: nosniff\r\n"), std::string::npos);

  auto head = memo.answer(asked("/p/pyspector", bh::verb::head), 7, 20000, status);
  ASSERT_TRUE(head);
  EXPECT_EQ(*head, ok->substr(0, ok->size() - page.body().size()));  // the length, no body

  Request revalidation = asked("/p/pyspector");
  revalidation.set(bh::field::if_none_match, page[bh::field::etag]);
  auto not_modified = memo.answer(revalidation, 7, 20000, status);
  ASSERT_TRUE(not_modified);
  EXPECT_EQ(status, 304U);
  EXPECT_TRUE(not_modified->starts_with("HTTP/1.1 304 Not Modified\r\n")) << *not_modified;
  EXPECT_NE(not_modified->find("ETag: " + std::string(page[bh::field::etag])), std::string::npos);
  // RFC 9110, 8.6: no length (a cache would take it for the page's), no type.
  EXPECT_EQ(not_modified->find("\r\nContent-Length:"), std::string::npos) << *not_modified;
  EXPECT_EQ(not_modified->find("\r\nContent-Type:"), std::string::npos) << *not_modified;
  EXPECT_TRUE(not_modified->ends_with("\r\n\r\n"));

  revalidation.set(bh::field::if_none_match, "\"something else\"");
  EXPECT_EQ(memo.answer(revalidation, 7, 20000, status), ok);
}

// Kept bytes are only as good as the data and the day they were made from.
TEST(ResponseMemo, NothingIsAnsweredForAnotherGenerationOrDay) {
  ResponseMemo memo;
  memo.keep(asked("/p/pyspector"), public_page(), 7, 20000);
  unsigned status = 0;
  EXPECT_FALSE(memo.answer(asked("/p/pyspector"), 8, 20000, status));
  EXPECT_FALSE(memo.answer(asked("/p/pyspector"), 7, 20001, status));
  EXPECT_FALSE(memo.answer(asked("/p/other"), 7, 20000, status));
  EXPECT_TRUE(memo.answer(asked("/p/pyspector"), 7, 20000, status));
}

TEST(ResponseMemo, KeepsOnlyWhatAnyCacheMayShare) {
  ResponseMemo memo;
  unsigned status = 0;
  Response no_store = public_page();
  no_store.set(bh::field::cache_control, "no-store");
  memo.keep(asked("/a"), no_store, 1, 1);
  Response with_cookie = public_page();
  with_cookie.set(bh::field::set_cookie, "csrf=x; HttpOnly");
  memo.keep(asked("/b"), with_cookie, 1, 1);
  Response without_etag = public_page();
  without_etag.erase(bh::field::etag);
  memo.keep(asked("/c"), without_etag, 1, 1);
  Response weak_etag = public_page();
  weak_etag.set(bh::field::etag, "W/\"1\"");
  memo.keep(asked("/d"), weak_etag, 1, 1);
  Response not_found = public_page();
  not_found.result(bh::status::not_found);
  memo.keep(asked("/e"), not_found, 1, 1);
  memo.keep(asked("/f", bh::verb::post), public_page(), 1, 1);
  EXPECT_EQ(memo.size(), 0U);
  for (const char* target : {"/a", "/b", "/c", "/d", "/e", "/f"}) {
    EXPECT_FALSE(memo.answer(asked(target), 1, 1, status)) << target;
  }
}

// The kept bytes carry no Connection header: they fit a persistent HTTP/1.1 connection only.
TEST(ResponseMemo, HttpOneZeroAndClosingRequestsGoToTheHandler) {
  ResponseMemo memo;
  memo.keep(asked("/p/pyspector"), public_page(), 1, 1);
  unsigned status = 0;
  Request closing = asked("/p/pyspector");
  closing.keep_alive(false);
  EXPECT_FALSE(memo.answer(closing, 1, 1, status));
  Request old = asked("/p/pyspector");
  old.version(10);
  EXPECT_FALSE(memo.answer(old, 1, 1, status));
  EXPECT_FALSE(memo.answer(asked("/p/pyspector", bh::verb::post), 1, 1, status));
}

// An answer that closes its connection says so in its bytes; kept, it would close the
// persistent connections it answered too.
TEST(ResponseMemo, AnAnswerThatClosesIsNotKept) {
  ResponseMemo memo;
  unsigned status = 0;
  Request closing = asked("/p/pyspector");
  closing.keep_alive(false);
  Response closed = public_page();
  closed.keep_alive(false);
  memo.keep(closing, closed, 1, 1);
  Response stopping = public_page();
  stopping.keep_alive(false);  // the server is stopping
  memo.keep(asked("/p/pyspector"), stopping, 1, 1);
  EXPECT_EQ(memo.size(), 0U);
  EXPECT_FALSE(memo.answer(asked("/p/pyspector"), 1, 1, status));
}

// Distinct targets cannot grow it without bound (a query string makes a new target).
TEST(ResponseMemo, StartsAgainEmptyPastItsBound) {
  ResponseMemo memo(/*most=*/3);
  for (int i = 0; i < 3; ++i)
    memo.keep(asked("/static/app.css?v=" + std::to_string(i)), public_page(), 1, 1);
  EXPECT_EQ(memo.size(), 3U);
  memo.keep(asked("/static/app.css?v=0"), public_page("again"), 1, 1);  // a kept target: replaced
  EXPECT_EQ(memo.size(), 3U);
  memo.keep(asked("/static/app.css?v=9"), public_page(), 1, 1);
  EXPECT_EQ(memo.size(), 1U);
}

}  // namespace
}  // namespace embargo::http
