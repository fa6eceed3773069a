#include "http/page_cache.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "http/etag.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;
using namespace std::chrono_literals;

constexpr std::string_view kText = "text/plain; charset=utf-8";

// A Render that counts its calls and returns `body`.
PageCache::Render counting(std::atomic<int>& calls, std::string body) {
  return [&calls, body = std::move(body)]() -> std::optional<std::string> {
    ++calls;
    return body;
  };
}

TEST(PageCacheTest, ASecondRequestAtTheSameVersionIsAHitAndRendersNothing) {
  PageCache cache;
  std::atomic<int> calls = 0;
  auto first = cache.find_or_render("page:a", "r1", kText, counting(calls, "policy A, rev 1"));
  auto second = cache.find_or_render("page:a", "r1", kText, counting(calls, "something else"));
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(second, first);  // the same bytes, not a copy made again
  EXPECT_EQ(second->body, "policy A, rev 1");
  EXPECT_EQ(second->etag, strong_etag("policy A, rev 1"));
  EXPECT_EQ(second->content_type, kText);
}

TEST(PageCacheTest, ANewRevisionRendersAgainAndReplacesTheEntry) {
  PageCache cache;
  std::atomic<int> calls = 0;
  auto old_page = cache.find_or_render("page:a", revision_version(1), kText, counting(calls, "v1"));
  auto new_page = cache.find_or_render("page:a", revision_version(2), kText, counting(calls, "v2"));
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(new_page->body, "v2");
  EXPECT_NE(new_page->etag, old_page->etag);
  EXPECT_EQ(cache.size(), 1U);  // one entry per key: the old rendering is gone
  // Back at the old version (never happens with growing revisions) it is rendered again.
  cache.find_or_render("page:a", revision_version(1), kText, counting(calls, "v1"));
  EXPECT_EQ(calls, 3);
}

TEST(PageCacheTest, KeysAreSeparate) {
  PageCache cache;
  std::atomic<int> calls = 0;
  cache.find_or_render("page:a", "r1", kText, counting(calls, "a"));
  auto b = cache.find_or_render("page:b", "r1", kText, counting(calls, "b"));
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(b->body, "b");
  EXPECT_EQ(cache.find_or_render("page:a", "r1", kText, counting(calls, "x"))->body, "a");
  EXPECT_EQ(cache.size(), 2U);
}

TEST(PageCacheTest, NothingToRenderIsNotKept) {
  PageCache cache;
  auto gone = [] { return std::optional<std::string>(); };
  EXPECT_EQ(cache.find_or_render("page:gone", "r1", kText, gone), nullptr);
  EXPECT_EQ(cache.size(), 0U);
  std::atomic<int> calls = 0;
  EXPECT_EQ(cache.find_or_render("page:gone", "r1", kText, counting(calls, "back"))->body, "back");
}

TEST(PageCacheTest, VersionsNameEveryProgramAndTheDay) {
  EXPECT_EQ(revision_version(7), "r7");
  std::vector<store::ProgramRevision> two = {{"company", 1}, {"pykour", 3}};
  std::vector<store::ProgramRevision> applied = {{"company", 2}, {"pykour", 3}};
  std::vector<store::ProgramRevision> added = {{"company", 1}, {"new", 1}, {"pykour", 3}};
  EXPECT_NE(revisions_version(two), revisions_version(applied));
  EXPECT_NE(revisions_version(two), revisions_version(added));
  EXPECT_EQ(revisions_version(two), revisions_version(two));
  EXPECT_EQ(revisions_version({}), "");

  Time morning = parse_time("2026-11-23T00:00:00Z");
  Time evening = parse_time("2026-11-23T23:59:59Z");
  Time next_day = parse_time("2026-11-24T00:00:00Z");
  EXPECT_EQ(daily_version("r1", morning), daily_version("r1", evening));
  EXPECT_NE(daily_version("r1", evening), daily_version("r1", next_day));
  EXPECT_NE(daily_version("r1", morning), daily_version("r2", morning));
}

// Many readers while the revision grows (an apply during traffic): each answer is the whole
// rendering of the version it asked for, with its own ETag, and most requests are hits.
TEST(PageCacheTest, ConcurrentReadersWhileRevisionsChangeGetTheirVersionWhole) {
  PageCache cache;
  constexpr int kReaders = 8;
  constexpr int kRequests = 3000;
  constexpr int kRevisions = 20;
  std::atomic<int> revision = 1;
  std::atomic<int> renders = 0;
  std::atomic<int> wrong = 0;
  std::atomic<int> running = kReaders;
  std::vector<std::thread> threads;
  for (int t = 0; t < kReaders; ++t) {
    threads.emplace_back([&, t] {
      const std::string key = (t % 2 == 0) ? "page:a" : "page:b";
      for (int i = 0; i < kRequests; ++i) {
        std::string version = revision_version(revision.load());
        std::string want = key + " at " + version;
        auto page = cache.find_or_render(key, version, kText,
                                         [&renders, want]() -> std::optional<std::string> {
                                           ++renders;
                                           return want;
                                         });
        if (page == nullptr || page->body != want || page->etag != strong_etag(want)) ++wrong;
      }
      --running;
    });
  }
  // The writer: a new revision every 100 microseconds while the readers run.
  threads.emplace_back([&] {
    for (int r = 2; r <= kRevisions && running > 0; ++r) {
      std::this_thread::sleep_for(100us);
      revision = r;
    }
  });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(cache.size(), 2U);
  EXPECT_LT(renders, kReaders * kRequests / 2);
}

Request get(std::string_view if_none_match = {}) {
  Request request{bh::verb::get, "/p/a", 11};
  if (!if_none_match.empty()) request.set(bh::field::if_none_match, if_none_match);
  return request;
}

TEST(PageCacheTest, ResponsesCarryTheETagAndAnswerIfNoneMatchWith304) {
  CachedPage page{"bytes", strong_etag("bytes"), std::string(kText)};
  Response ok = cached_response(get(), page, "public, no-cache");
  EXPECT_EQ(ok.result(), bh::status::ok);
  EXPECT_EQ(ok.body(), "bytes");
  EXPECT_EQ(ok[bh::field::etag], page.etag);
  EXPECT_EQ(ok[bh::field::content_type], kText);
  EXPECT_EQ(ok[bh::field::cache_control], "public, no-cache");

  Response unchanged = cached_response(get(page.etag), page, "public, no-cache");
  EXPECT_EQ(unchanged.result(), bh::status::not_modified);
  EXPECT_TRUE(unchanged.body().empty());
  EXPECT_EQ(unchanged[bh::field::etag], page.etag);

  Response stale = cached_response(get("\"0123\""), page, "public, no-cache");
  EXPECT_EQ(stale.result(), bh::status::ok);
  EXPECT_EQ(stale.body(), "bytes");
}

}  // namespace
}  // namespace embargo::http
