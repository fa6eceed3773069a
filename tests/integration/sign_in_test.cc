// Signing in to the desk through its pages against a real `embargo serve`: passwords, the
// lockout, two-factor enrolment and codes (replays refused), recovery codes, sessions and their
// revocation, password change, CSRF on every form, and where sign-in may send the browser.
#include <gtest/gtest.h>
#include <liboath/oath.h>

#include <memory>
#include <optional>
#include <regex>
#include <string>
#include <thread>
#include <vector>

#include "auth/totp.h"
#include "core/time.h"
#include "core/time_source.h"
#include "http_checks.h"
#include "test_server.h"

namespace embargo {
namespace {

using testing::Browser;
using testing::TestServer;
namespace bh = boost::beast::http;

using testing::kPassword;

// The raw TOTP secret behind the base32 key the enrolment page shows.
std::string secret_from_base32(const std::string& text) {
  char* raw = nullptr;
  size_t length = 0;
  EXPECT_EQ(oath_base32_decode(text.data(), text.size(), &raw, &length), OATH_OK);
  std::string secret(raw, length);
  free(raw);
  return secret;
}

using testing::location;

class SignInTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>("sign-in", std::vector<std::string>{"company.toml"});
  }
  void TearDown() override { server_.reset(); }

  // A fresh account for one test, so that lockouts and enrolments stay apart.
  static std::string new_member(const std::string& name) {
    std::string email = name + "@example.org";
    auto added = server_->cli("user add --email " + email + " --password-stdin",
                              std::string(kPassword) + "\n");
    EXPECT_EQ(added.status, 0) << added.out;
    return email;
  }

  static std::unique_ptr<TestServer> server_;
};
std::unique_ptr<TestServer> SignInTest::server_;

TEST_F(SignInTest, DeskPagesSendNobodyToSignInAndBackAfterwards) {
  Browser browser(*server_);
  auto r = browser.get("/account");
  EXPECT_EQ(r.result(), bh::status::see_other);
  EXPECT_EQ(location(r), "/signin?next=%2Faccount");

  std::string email = new_member("returning");
  browser.get("/signin?next=%2Faccount%2Ftwo-factor");
  r = browser.post("/signin",
                   {{"email", email}, {"password", kPassword}, {"next", "/account/two-factor"}});
  ASSERT_EQ(r.result(), bh::status::see_other) << r.body();
  EXPECT_EQ(location(r), "/account/two-factor");
  std::string cookie(r[bh::field::set_cookie]);
  EXPECT_NE(cookie.find("embargo_session="), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Lax"), std::string::npos) << cookie;
  r = browser.get("/account");
  EXPECT_EQ(r.result(), bh::status::ok);
  EXPECT_NE(r.body().find(email), std::string::npos);
}

TEST_F(SignInTest, SignInNeverSendsTheBrowserToAnotherSite) {
  std::string email = new_member("redirected");
  for (std::string next : {"//evil.example/x", "https://evil.example/", "/\\evil.example",
                           "evil.example", "/account\r\nSet-Cookie: x=y"}) {
    Browser browser(*server_);
    browser.get("/signin");
    auto r = browser.post("/signin", {{"email", email}, {"password", kPassword}, {"next", next}});
    ASSERT_EQ(r.result(), bh::status::see_other) << next;
    EXPECT_EQ(location(r), "/desk") << next;
  }
}

TEST_F(SignInTest, AWrongPasswordSaysNothingMoreAndRepeatedFailuresLockTheAccount) {
  std::string email = new_member("guessed");
  Browser browser(*server_);
  browser.get("/signin");
  auto unknown = browser.post("/signin", {{"email", "nobody@example.org"}, {"password", "x"}});
  auto wrong = browser.post("/signin", {{"email", email}, {"password", "wrong password!"}});
  EXPECT_EQ(unknown.result(), bh::status::ok);
  EXPECT_EQ(wrong.result(), bh::status::ok);
  EXPECT_NE(wrong.body().find("The email or password is wrong."), std::string::npos);
  EXPECT_NE(unknown.body().find("The email or password is wrong."), std::string::npos);
  EXPECT_TRUE(browser.cookie("embargo_session").empty());
  for (int i = 0; i < 4; ++i) {
    browser.post("/signin", {{"email", email}, {"password", "wrong password!"}});
  }
  // Five failures: now even the right password is not checked.
  auto locked = browser.post("/signin", {{"email", email}, {"password", kPassword}});
  EXPECT_EQ(locked.result(), bh::status::too_many_requests);
  EXPECT_NE(locked.body().find("locked until"), std::string::npos);
  EXPECT_TRUE(browser.cookie("embargo_session").empty());
}

// What a sign-in answer tells the browser: its status and its error sentence, with the time a
// lock ends written as TIME.
std::string answer_of(const testing::HttpResponse& r) {
  std::smatch m;
  std::string body = r.body();
  std::string sentence;
  if (std::regex_search(body, m, std::regex(R"re(role="alert"><p>([^<]*)</p>)re"))) sentence = m[1];
  sentence = std::regex_replace(sentence, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"), "TIME");
  return std::to_string(r.result_int()) + " " + sentence;
}

TEST_F(SignInTest, AnUnknownEmailIsLockedOnTheSameFailureWithTheSameAnswer) {
  std::string email = new_member("enumerated");
  Browser known(*server_);
  Browser unknown(*server_);
  known.get("/signin");
  unknown.get("/signin");
  for (int attempt = 1; attempt <= 6; ++attempt) {
    std::string password = attempt == 6 ? kPassword : "wrong password!";
    auto a = known.post("/signin", {{"email", email}, {"password", password}});
    auto b = unknown.post("/signin", {{"email", "absent@example.org"}, {"password", password}});
    EXPECT_EQ(answer_of(a), answer_of(b)) << "attempt " << attempt;
    EXPECT_EQ(a.result(), attempt < 6 ? bh::status::ok : bh::status::too_many_requests) << attempt;
  }
  EXPECT_EQ(server_->cli("user list").out.find("absent@example.org"), std::string::npos)
      << "no account is made for an unknown email";
}

// Guesses fired at once from many addresses (each within its own rate limit) are each counted
// before their password is checked: only the first five are checked at all, the rest are
// refused as locked, and then so is the right password.
TEST_F(SignInTest, ParallelWrongPasswordsLockTheAccountAfterFiveChecks) {
  std::string email = new_member("stormed");
  constexpr int guesses = 12;
  std::vector<std::unique_ptr<Browser>> browsers;
  for (int i = 0; i < guesses; ++i) {
    browsers.push_back(std::make_unique<Browser>(*server_));
    browsers.back()->get("/signin");
  }
  std::vector<testing::HttpResponse> answers(guesses);
  std::vector<std::thread> threads;
  for (int i = 0; i < guesses; ++i) {
    threads.emplace_back([&, i] {
      answers[i] = browsers[i]->post(
          "/signin", {{"email", email}, {"password", "wrong guess " + std::to_string(i)}});
    });
  }
  for (auto& t : threads) t.join();
  int checked = 0;
  int locked = 0;
  for (const auto& a : answers) {
    if (a.result() == bh::status::ok &&
        a.body().find("The email or password is wrong.") != std::string::npos) {
      ++checked;
    } else if (a.result() == bh::status::too_many_requests &&
               a.body().find("locked until") != std::string::npos) {
      ++locked;
    }
  }
  EXPECT_EQ(checked, 5);
  EXPECT_EQ(locked, guesses - 5);
  Browser owner(*server_);
  owner.get("/signin");
  auto right = owner.post("/signin", {{"email", email}, {"password", kPassword}});
  EXPECT_EQ(right.result(), bh::status::too_many_requests);
  EXPECT_TRUE(owner.cookie("embargo_session").empty());
}

// Past the per-address limit (a burst of 10) the router answers before the form is read: a
// browser gets a page saying when to try again, never the API's JSON.
TEST_F(SignInTest, TooManySignInsFromOneAddressGetAPageSayingWhenToTryAgain) {
  Browser browser(*server_);
  std::optional<testing::HttpResponse> last;
  for (int i = 0; i < 11; ++i) {
    last = browser.post("/signin", {{"email", "guess" + std::to_string(i) + "@example.org"},
                                    {"password", "wrong password!"}});
  }
  EXPECT_EQ(last->result(), bh::status::too_many_requests);
  EXPECT_EQ((*last)[bh::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(last->body().find("<h1>Too many attempts</h1>"), std::string::npos) << last->body();
  EXPECT_FALSE((*last)[bh::field::retry_after].empty());
}

TEST_F(SignInTest, FormsWithoutTheBrowsersCsrfTokenAreRefused) {
  std::string email = new_member("forged");
  Browser victim(*server_);
  victim.get("/signin");
  auto forged = victim.post("/signin", {{"email", email}, {"password", kPassword}}, false);
  EXPECT_EQ(forged.result(), bh::status::forbidden);
  ASSERT_TRUE(victim.sign_in(email, kPassword));
  victim.get("/account");
  auto token = victim.post(
      "/account/tokens",
      {{"csrf", "A" + std::string(42, 'b')}, {"name", "forged"}, {"scope", "read"}}, false);
  EXPECT_EQ(token.result(), bh::status::forbidden);
  auto signout = victim.post("/signout", {}, false);
  EXPECT_EQ(signout.result(), bh::status::forbidden);
  EXPECT_EQ(victim.get("/account").result(), bh::status::ok) << "still signed in";
}

// A signed-in member's form token belongs to their session: the browser's CSRF cookie, or the
// token of another session of the same account, is refused; a new sign-in gets a new token.
TEST_F(SignInTest, TheFormTokenOfASignedInMemberIsBoundToTheSession) {
  std::string email = new_member("bound");
  Browser first(*server_);
  Browser second(*server_);
  ASSERT_TRUE(first.sign_in(email, kPassword));
  ASSERT_TRUE(second.sign_in(email, kPassword));
  first.get("/account");
  second.get("/account");
  ASSERT_NE(first.csrf(), second.csrf());
  auto other_session = second.post(
      "/account/tokens", {{"csrf", first.csrf()}, {"name", "x"}, {"scope", "read"}}, false);
  EXPECT_EQ(other_session.result(), bh::status::forbidden);
  std::string cookie_token = second.cookie("embargo_csrf");
  ASSERT_FALSE(cookie_token.empty());
  auto double_submit = second.post(
      "/account/tokens", {{"csrf", cookie_token}, {"name", "x"}, {"scope", "read"}}, false);
  EXPECT_EQ(double_submit.result(), bh::status::forbidden);
  auto own = second.post("/account/tokens", {{"name", "mine"}, {"scope", "read"}});
  EXPECT_EQ(own.result(), bh::status::ok) << own.body();
}

// Required two-factor sign-in holds for the API too: a token of an account that has not set it
// up is refused until it has.
TEST(TwoFactorRequired, AnAccountWithoutItGetsNoApiAccess) {
  TestServer server("two-factor-api", {"pyspector.toml"});
  auto added = server.cli("user add --email lax@example.org --password-stdin",
                          std::string(kPassword) + "\n");
  ASSERT_EQ(added.status, 0) << added.out;
  auto created = server.cli("token create --user lax@example.org --scope read --name script");
  ASSERT_EQ(created.status, 0) << created.out;
  std::string token = created.out.substr(0, created.out.find('\n'));
  auto call = [&] {
    testing::HttpRequest request{bh::verb::get, "/api/v1/reports", 11};
    request.set(bh::field::authorization, "Bearer " + token);
    return server.send(std::move(request));
  };
  EXPECT_EQ(call().result(), bh::status::ok);
  ASSERT_EQ(server.cli("settings two-factor --required").status, 0);
  auto refused = call();
  EXPECT_EQ(refused.result(), bh::status::forbidden) << refused.body();
  EXPECT_NE(refused.body().find("two_factor_required"), std::string::npos) << refused.body();
}

TEST_F(SignInTest, TwoFactorEnrolmentThenEveryCodeWorksOnceAndRecoveryCodesOnce) {
  std::string email = new_member("careful");
  Browser browser(*server_);
  ASSERT_TRUE(browser.sign_in(email, kPassword));
  browser.get("/account/two-factor");
  auto started = browser.post("/account/two-factor", {});
  ASSERT_EQ(started.result(), bh::status::see_other);
  auto page = browser.get("/account/two-factor");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(page.body(), m, std::regex("<code>([A-Z2-7]+)</code>")))
      << page.body();
  std::string secret = secret_from_base32(m[1]);
  auto qr = browser.get("/account/two-factor/qr.svg");
  EXPECT_EQ(qr.result(), bh::status::ok);
  EXPECT_EQ(qr[bh::field::content_type], "image/svg+xml");
  EXPECT_NE(qr.body().find("<path"), std::string::npos);

  auto wrong = browser.post("/account/two-factor/confirm", {{"code", "000000"}});
  EXPECT_NE(wrong.body().find("not the one your app shows"), std::string::npos);
  Time at = system_time().now();
  auto on = browser.post("/account/two-factor/confirm", {{"code", auth::totp_code(secret, at)}});
  ASSERT_EQ(on.result(), bh::status::ok) << on.body();
  std::vector<std::string> codes;
  std::regex code(R"(<li>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</li>)");
  for (auto it = std::sregex_iterator(on.body().begin(), on.body().end(), code);
       it != std::sregex_iterator(); ++it) {
    codes.push_back((*it)[1]);
  }
  ASSERT_EQ(codes.size(), 10u);

  // The code used to enrol cannot sign in again; the next step's code can, once.
  Browser second(*server_);
  second.get("/signin");
  auto step1 = second.post("/signin", {{"email", email}, {"password", kPassword}});
  ASSERT_EQ(location(step1), "/signin/code?next=%2Fdesk");
  EXPECT_EQ(second.get("/account").result(), bh::status::see_other) << "not signed in yet";
  // The owner sees that someone has the password and waits for a code.
  EXPECT_NE(browser.get("/account").body().find("Password only, waiting for the two-factor code"),
            std::string::npos);
  second.get("/signin/code");
  auto replay = second.post("/signin/code", {{"code", auth::totp_code(secret, at)}});
  EXPECT_EQ(replay.result(), bh::status::ok);
  EXPECT_NE(replay.body().find("already used"), std::string::npos);
  std::string next_code = auth::totp_code(secret, at + std::chrono::seconds(30));
  auto good = second.post("/signin/code", {{"code", next_code}});
  ASSERT_EQ(good.result(), bh::status::see_other) << good.body();
  EXPECT_EQ(second.get("/account").result(), bh::status::ok);

  Browser third(*server_);
  third.get("/signin");
  third.post("/signin", {{"email", email}, {"password", kPassword}});
  third.get("/signin/code");
  EXPECT_EQ(third.post("/signin/code", {{"code", next_code}}).result(), bh::status::ok);
  auto recovered = third.post("/signin/code", {{"code", " " + codes[3] + " "}});
  EXPECT_EQ(recovered.result(), bh::status::see_other);

  Browser fourth(*server_);
  fourth.get("/signin");
  fourth.post("/signin", {{"email", email}, {"password", kPassword}});
  fourth.get("/signin/code");
  EXPECT_EQ(fourth.post("/signin/code", {{"code", codes[3]}}).result(), bh::status::ok)
      << "a recovery code works once";
}

TEST_F(SignInTest, SessionsAreListedAndOneCanBeEndedFromAnother) {
  std::string email = new_member("traveller");
  Browser laptop(*server_);
  Browser phone(*server_);
  ASSERT_TRUE(laptop.sign_in(email, kPassword));
  ASSERT_TRUE(phone.sign_in(email, kPassword));
  auto page = laptop.get("/account");
  // Each session's row: whether it is this browser's, and where its revoke form posts.
  std::regex row(
      R"re(<tr><td>(?:(?!</tr>)[\s\S])*?(This browser\. )?<form method="post" action="(/account/sessions/\d+/revoke)")re");
  std::string own, other;
  int rows = 0;
  for (auto it = std::sregex_iterator(page.body().begin(), page.body().end(), row);
       it != std::sregex_iterator(); ++it, ++rows) {
    ((*it)[1].matched ? own : other) = (*it)[2];
  }
  ASSERT_EQ(rows, 2) << page.body();
  ASSERT_FALSE(own.empty());
  ASSERT_FALSE(other.empty());
  auto ended = laptop.post(other, {});
  EXPECT_EQ(ended.result(), bh::status::see_other);
  EXPECT_EQ(location(phone.get("/account")), "/signin?next=%2Faccount");
  EXPECT_EQ(laptop.get("/account").result(), bh::status::ok);
  // Someone else's session id is not found, not revoked.
  Browser stranger(*server_);
  ASSERT_TRUE(stranger.sign_in(new_member("stranger"), kPassword));
  stranger.get("/account");
  EXPECT_EQ(stranger.post(own, {}).result(), bh::status::not_found);
  EXPECT_EQ(laptop.get("/account").result(), bh::status::ok);
}

TEST_F(SignInTest, ChangingThePasswordSignsOutEveryOtherSession) {
  std::string email = new_member("changer");
  Browser here(*server_);
  Browser elsewhere(*server_);
  ASSERT_TRUE(here.sign_in(email, kPassword));
  ASSERT_TRUE(elsewhere.sign_in(email, kPassword));
  here.get("/account");
  auto wrong = here.post("/account/password", {{"current_password", "not it at all"},
                                               {"new_password", "a new long password"},
                                               {"confirm_password", "a new long password"}});
  EXPECT_NE(wrong.body().find("current password is wrong"), std::string::npos);
  auto short_one = here.post(
      "/account/password",
      {{"current_password", kPassword}, {"new_password", "short"}, {"confirm_password", "short"}});
  EXPECT_NE(short_one.body().find("at least 12 characters"), std::string::npos);
  auto changed = here.post("/account/password", {{"current_password", kPassword},
                                                 {"new_password", "a new long password"},
                                                 {"confirm_password", "a new long password"}});
  EXPECT_EQ(changed.result(), bh::status::see_other);
  EXPECT_EQ(here.get("/account").result(), bh::status::ok);
  EXPECT_EQ(elsewhere.get("/account").result(), bh::status::see_other);
  Browser again(*server_);
  EXPECT_FALSE(again.sign_in(email, kPassword));
  EXPECT_TRUE(again.sign_in(email, "a new long password"));
}

TEST_F(SignInTest, SigningOutEndsTheSession) {
  std::string email = new_member("leaving");
  Browser browser(*server_);
  ASSERT_TRUE(browser.sign_in(email, kPassword));
  std::string stolen = browser.cookie("embargo_session");
  browser.get("/account");
  auto out = browser.post("/signout", {});
  EXPECT_EQ(out.result(), bh::status::see_other);
  EXPECT_TRUE(browser.cookie("embargo_session").empty());
  Browser thief(*server_);
  thief.set_cookie("embargo_session", stolen);
  EXPECT_EQ(thief.get("/account").result(), bh::status::see_other);
}

}  // namespace
}  // namespace embargo
