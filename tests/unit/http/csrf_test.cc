#include "http/csrf.h"

#include <gtest/gtest.h>

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

const Site kPlain{"http://127.0.0.1:8080", ""};
const Site kTls{"https://security.example.org", ""};

Request with_cookie(const std::string& cookie) {
  Request request{bh::verb::post, "/p/x/report", 11};
  if (!cookie.empty()) request.set(bh::field::cookie, cookie);
  return request;
}

TEST(Csrf, ABrowserWithoutACookieGetsANewTokenAndTheCookieThatCarriesIt) {
  CsrfToken token = csrf_token(with_cookie(""), kPlain);
  EXPECT_TRUE(token.is_new);
  EXPECT_EQ(token.value.size(), 43u);
  Response response{bh::status::ok, 11};
  set_csrf_cookie(response, token, kPlain);
  EXPECT_EQ(response[bh::field::set_cookie],
            "embargo_csrf=" + token.value + "; Path=/; HttpOnly; SameSite=Lax");
}

TEST(Csrf, BehindTlsTheCookieIsSecureAndHostBound) {
  CsrfToken token = csrf_token(with_cookie(""), kTls);
  Response response{bh::status::ok, 11};
  set_csrf_cookie(response, token, kTls);
  EXPECT_EQ(response[bh::field::set_cookie],
            "__Host-embargo_csrf=" + token.value + "; Path=/; HttpOnly; SameSite=Lax; Secure");
  // The plain name is not read over TLS: a sibling subdomain could have set it.
  EXPECT_TRUE(csrf_token(with_cookie("embargo_csrf=" + token.value), kTls).is_new);
}

TEST(Csrf, ABrowserKeepsItsTokenAndNoCookieIsSetAgain) {
  const std::string held(43, 'a');
  CsrfToken token = csrf_token(with_cookie("theme=dark; embargo_csrf=" + held + "; x=1"), kPlain);
  EXPECT_FALSE(token.is_new);
  EXPECT_EQ(token.value, held);
  Response response{bh::status::ok, 11};
  set_csrf_cookie(response, token, kPlain);
  EXPECT_EQ(response.find(bh::field::set_cookie), response.end());
}

TEST(Csrf, AMalformedCookieIsReplaced) {
  EXPECT_TRUE(csrf_token(with_cookie("embargo_csrf=short"), kPlain).is_new);
  EXPECT_TRUE(csrf_token(with_cookie("embargo_csrf=" + std::string(43, '!')), kPlain).is_new);
}

TEST(Csrf, APostIsAcceptedOnlyWithTheCookiesOwnToken) {
  const std::string held(43, 'b');
  Request request = with_cookie("embargo_csrf=" + held);
  EXPECT_TRUE(csrf_accepts(request, held, kPlain));
  EXPECT_FALSE(csrf_accepts(request, std::string(43, 'c'), kPlain));
  EXPECT_FALSE(csrf_accepts(request, "", kPlain));
  EXPECT_FALSE(csrf_accepts(with_cookie(""), held, kPlain));
  EXPECT_FALSE(csrf_accepts(with_cookie("embargo_csrf="), "", kPlain));
  request.set("Sec-Fetch-Site", "cross-site");
  EXPECT_FALSE(csrf_accepts(request, held, kPlain));
  request.set("Sec-Fetch-Site", "same-origin");
  EXPECT_TRUE(csrf_accepts(request, held, kPlain));
}

}  // namespace
}  // namespace embargo::http
