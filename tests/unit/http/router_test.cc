#include "http/router.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "http/access_log.h"
#include "http/health.h"
#include "http/server.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

Request make_request(bh::verb method, std::string target) {
  Request r{method, target, 11};
  return r;
}

TEST(Router, HealthAnswersOk) {
  Router router;
  add_health_routes(router);
  Response r = router.dispatch(make_request(bh::verb::get, "/healthz"));
  EXPECT_EQ(r.result(), bh::status::ok);
  EXPECT_EQ(r.body(), R"({"status":"ok"})");
  EXPECT_EQ(r[bh::field::content_type], "application/json");
}

TEST(Router, QueryStringDoesNotChangeTheRoute) {
  Router router;
  add_health_routes(router);
  EXPECT_EQ(router.dispatch(make_request(bh::verb::get, "/healthz?x=1")).result(), bh::status::ok);
}

TEST(Router, UnknownPathIs404WithJsonError) {
  Router router;
  add_health_routes(router);
  Response r = router.dispatch(make_request(bh::verb::get, "/nope"));
  EXPECT_EQ(r.result(), bh::status::not_found);
  EXPECT_EQ(r.body(), R"({"error":{"code":"not_found","message":"no such page or endpoint"}})");
}

TEST(Router, WrongMethodIs405WithTheAllowedMethods) {
  Router router;
  add_health_routes(router);
  Response post = router.dispatch(make_request(bh::verb::post, "/healthz"));
  EXPECT_EQ(post.result(), bh::status::method_not_allowed);
  EXPECT_EQ(post[bh::field::allow], "GET, HEAD");
  EXPECT_EQ(router.dispatch(make_request(bh::verb::delete_, "/healthz")).result(),
            bh::status::method_not_allowed);
}

TEST(Router, HeadIsAnsweredByTheGetRoute) {
  Router router;
  add_health_routes(router);
  EXPECT_EQ(router.dispatch(make_request(bh::verb::head, "/healthz")).result(), bh::status::ok);
}

// A capture takes one whole, non-empty segment; literal segments must match exactly.
TEST(Router, CapturesNamedSegments) {
  Router router;
  router.add(bh::verb::get, "/p/{slug}/security.txt",
             [](const Request& request, const PathParams& params) {
               return json_response(
                   request, bh::status::ok,
                   std::string(params.get("slug")) + "|" + std::string(params.get("other")));
             });
  Response r = router.dispatch(make_request(bh::verb::get, "/p/pykour/security.txt?x=1"));
  EXPECT_EQ(r.result(), bh::status::ok);
  EXPECT_EQ(r.body(), "pykour|");
  for (const char* miss : {"/p//security.txt", "/p/pykour/security", "/p/a/b/security.txt",
                           "/p/pykour/security.txt/", "p/pykour/security.txt", "/"}) {
    EXPECT_EQ(router.dispatch(make_request(bh::verb::get, miss)).result(), bh::status::not_found)
        << miss;
  }
  EXPECT_EQ(router.dispatch(make_request(bh::verb::post, "/p/x/security.txt")).result(),
            bh::status::method_not_allowed);
}

// Over the limit a client gets 429 with Retry-After and the handler is not called; another
// client, and other routes, are not affected.
TEST(Router, RateLimitedRoutesAnswer429PerClient) {
  Router router;
  int calls = 0;
  router.add(bh::verb::post, "/p/{slug}/report", [&](const Request& request) {
    ++calls;
    return json_response(request, bh::status::created, "{}");
  });
  add_health_routes(router);
  router.limit_rate(bh::verb::post, "/p/{slug}/report", {/*per_second=*/0.01, /*burst=*/2});
  auto post = make_request(bh::verb::post, "/p/x/report");
  EXPECT_EQ(router.dispatch(post, "192.0.2.1").result(), bh::status::created);
  EXPECT_EQ(router.dispatch(post, "192.0.2.1").result(), bh::status::created);
  Response limited = router.dispatch(post, "192.0.2.1");
  EXPECT_EQ(limited.result(), bh::status::too_many_requests);
  EXPECT_EQ(limited[bh::field::retry_after], "100");
  EXPECT_NE(limited.body().str().find("\"rate_limited\""), std::string::npos);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(router.dispatch(post, "192.0.2.2").result(), bh::status::created);
  EXPECT_EQ(router.dispatch(make_request(bh::verb::get, "/healthz"), "192.0.2.1").result(),
            bh::status::ok);
}

// A route's body limit comes from its function, given the path's captures; everything else,
// other methods on the same path included, keeps the default of 1 MiB.
TEST(Router, BodyLimitsArePerRouteWithTheCaptures) {
  Router router;
  std::vector<std::string> asked;
  router.limit_body(bh::verb::post, "/p/{slug}/report", [&](const PathParams& params) {
    asked.emplace_back(params.get("slug"));
    return params.get("slug") == "big" ? std::uint64_t{50} * 1000 * 1000 : std::uint64_t{100};
  });
  router.limit_body(bh::verb::post, "/p/{slug}/report", [](const PathParams&) {
    return std::uint64_t{7};  // never asked: the first matching registration wins
  });
  EXPECT_EQ(router.body_limit(bh::verb::post, "/p/big/report"), 50'000'000u);
  EXPECT_EQ(router.body_limit(bh::verb::post, "/p/small/report?x=1"), 100u);
  EXPECT_EQ(asked, (std::vector<std::string>{"big", "small"}));
  EXPECT_EQ(kDefaultBodyLimit, 1024u * 1024u);
  for (const char* other : {"/p/big/report/", "/p//report", "/p/big", "/healthz", "", "*"}) {
    EXPECT_EQ(router.body_limit(bh::verb::post, other), kDefaultBodyLimit) << other;
  }
  EXPECT_EQ(router.body_limit(bh::verb::put, "/p/big/report"), kDefaultBodyLimit);
  EXPECT_EQ(asked.size(), 2u);
}

TEST(SecurityHeaders, EveryRuleOfTheDesignIsSet) {
  Response r{bh::status::ok, 11};
  add_security_headers(r);
  std::string csp(r["Content-Security-Policy"]);
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(r["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(r["Referrer-Policy"], "no-referrer");
  EXPECT_EQ(r[bh::field::cache_control], "no-store");
}

TEST(AccessLog, NeverWritesQueriesOrTrackingTokens) {
  EXPECT_EQ(loggable_path("/healthz?token=abc"), "/healthz");
  EXPECT_EQ(loggable_path("/r/SECRETTOKEN"), "/r/[redacted]");
  EXPECT_EQ(loggable_path("/api/v1/track/SECRETTOKEN/messages"), "/api/v1/track/[redacted]");
  EXPECT_EQ(loggable_path("/p/pyspector#x"), "/p/pyspector");
  // A 43-character token under a path not written exactly is redacted too.
  const std::string token = "Qx7_kLm2-Zp9RtVw3YbN8cDe5FgHi1JoPs4TuAaBbCc";
  for (const std::string& path :
       {"//api/v1/track/" + token, "/api/v1//track/" + token, "/API/v1/track/" + token,
        "/api/v1/./track/" + token, "http://x/api/v1/track/" + token, "/r//" + token,
        "/x/%51" + token.substr(3)}) {
    EXPECT_EQ(loggable_path(path).find(token.substr(3)), std::string::npos) << path;
    EXPECT_NE(loggable_path(path).find("[redacted]"), std::string::npos) << path;
  }
  EXPECT_EQ(loggable_path("/p/pyflashbackup/security.txt"), "/p/pyflashbackup/security.txt");
  EXPECT_EQ(loggable_path("/api/v1/programs/company/reports"), "/api/v1/programs/company/reports");
}

TEST(Listen, ParsesAddressAndPort) {
  auto o = parse_listen("127.0.0.1:8080");
  EXPECT_EQ(o.address, "127.0.0.1");
  EXPECT_EQ(o.port, 8080);
  auto v6 = parse_listen("[::1]:9000");
  EXPECT_EQ(v6.address, "::1");
  EXPECT_EQ(v6.port, 9000);
}

TEST(Listen, RefusesMalformedValues) {
  for (const char* bad : {"", "8080", ":8080", "127.0.0.1:", "127.0.0.1:http", "127.0.0.1:65536",
                          "127.0.0.1:99999999999", "localhost:8080", "1.2.3:80", "[::1]:-1"}) {
    EXPECT_THROW(parse_listen(bad), Refusal) << bad;
  }
}

// A refusal a handler lets escape is answered by its kind (here a conflict: 409), never a 500:
// as the API's JSON for a tool, as the site's page for a browser.
TEST(Router, AnEscapedRefusalIsItsStatusAJsonErrorOrAPage) {
  Router router;
  router.add(bh::verb::post, "/p/{slug}/thing", [](const Request&, const PathParams&) -> Response {
    throw conflict("state", "the report moved meanwhile");
  });
  Response tool = router.dispatch(make_request(bh::verb::post, "/p/x/thing"));
  EXPECT_EQ(tool.result(), bh::status::conflict);
  EXPECT_NE(tool.body().str().find("\"conflict\""), std::string::npos) << tool.body().str();
  router.set_refusal_page([](const Request& request, bh::status status, const std::string& text) {
    Response page{status, request.version()};
    page.body() = "<p>" + text + "</p>";
    return page;
  });
  Request browser = make_request(bh::verb::post, "/p/x/thing");
  browser.set(bh::field::accept, "text/html,application/xhtml+xml");
  Response shown = router.dispatch(browser);
  EXPECT_EQ(shown.result(), bh::status::conflict);
  EXPECT_EQ(shown.body(), "<p>the report moved meanwhile</p>");
}

}  // namespace
}  // namespace embargo::http
