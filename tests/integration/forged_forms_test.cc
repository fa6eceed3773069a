// Every form of the site refuses a post that does not carry the browser's CSRF token, against a
// real `embargo serve`: it walks every POST route `embargo serve` registers outside the API (the
// list serve itself runs, so a form added later is checked too), posts to it as a signed-in
// owner, or as the reporter holding the tracking link, with a forged token, and requires a 403
// that changed nothing. The API is not a form: it takes bearer tokens, never cookies.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "auth/secret_box.h"
#include "http/site.h"
#include "http/site_routes.h"
#include "store/store.h"
#include "test_server.h"

namespace embargo {
namespace {

using testing::Browser;
using testing::HttpResponse;
using testing::TestServer;
namespace bh = boost::beast::http;

using testing::kPassword;

// Forms this walk cannot forge: asking for one's tracking links again by typing an address takes
// no token (it changes nothing stored and mails only that address, behind its per-client
// limit); the second step of a sign-in answers a browser with no sign-in waiting for its code by
// sending it back to /signin, and checks the token of one that has (sign_in_test).
const std::set<std::string> kNotWalked = {"/lost-link", "/signin/code"};

TEST(ForgedForms, EveryFormRefusesAPostWithoutTheBrowsersToken) {
  TestServer server("forged", {"company.toml", "pyspector.toml"}, {"--submission-rate-limit", "0"});
  server.add_member("owner@example.org", "company", "owner", kPassword);
  // A report, and its reporter's tracking token as `embargo report submit` prints it.
  auto filed = server.cli("report submit --program company " + std::string(EMBARGO_SOURCE_DIR) +
                          "/examples/demo/company-sql-injection.json");
  std::smatch filed_match;
  ASSERT_TRUE(
      std::regex_search(filed.out, filed_match,
                        std::regex("stored (\\S+)\\s+tracking token \\(shown once\\): (\\S+)")))
      << filed.out;
  std::string report = filed_match[1];
  std::string token = filed_match[2];

  Browser owner(server);
  ASSERT_TRUE(owner.sign_in("owner@example.org", kPassword));
  // An invitation to the team for someone who has an account, its secret from the link its page
  // shows once.
  auto added = server.cli("user add --email newcomer@example.org --password-stdin",
                          std::string(kPassword) + "\n");
  ASSERT_EQ(added.status, 0) << added.out;
  owner.get("/desk/programs/company/settings/team");
  auto invited = owner.post("/desk/programs/company/settings/invitations",
                            {{"email", "newcomer@example.org"}, {"role", "handler"}});
  std::smatch invitation_match;
  ASSERT_TRUE(std::regex_search(invited.body(), invitation_match,
                                std::regex(R"(/invite/([A-Za-z0-9_-]{43})</code>)")))
      << invited.body();
  std::string invitation = invitation_match[1];
  Browser reporter(server);
  ASSERT_EQ(reporter.get("/r/" + token).result(), bh::status::ok);

  auto store = server.open_store();
  auto box = auth::SecretBox::from_key_file(server.data() / "instance.key");
  http::Router router =
      http::site_routes(*store, box, http::make_site("http://127.0.0.1"), http::SiteOptions{});
  int checked = 0;
  for (const auto& [verb, pattern] : router.routes()) {
    if (verb != bh::verb::post || pattern.starts_with("/api/") || kNotWalked.contains(pattern)) {
      continue;
    }
    std::string target = std::regex_replace(pattern, std::regex(R"(\{slug\})"), "company");
    target = std::regex_replace(target, std::regex(R"(\{token\})"),
                                pattern.starts_with("/invite/") ? invitation : token);
    target = std::regex_replace(target, std::regex(R"(\{id\})"), report);
    target = std::regex_replace(target, std::regex(R"(\{user\})"), "1");  // the admin's account
    target = std::regex_replace(target, std::regex(R"(\{action\})"), "disable");
    ASSERT_EQ(target.find('{'), std::string::npos)
        << "a capture the test does not fill: " << pattern;
    Browser& caller = target.starts_with("/r/") ? reporter : owner;
    HttpResponse r = caller.post(target, {{"csrf", "forged"}, {"body", "x"}}, false);
    EXPECT_EQ(r.result(), bh::status::forbidden) << "POST " << pattern << "\n" << r.body();
    ++checked;
  }
  EXPECT_GT(checked, 30);
  // Nothing was changed: the report is still new, with no message.
  auto shown = server.cli("report show --json " + report);
  auto view = boost::json::parse(shown.out).as_object();
  EXPECT_EQ(view.at("state").as_string(), "new");
  EXPECT_TRUE(view.at("history").as_array().empty());
}

}  // namespace
}  // namespace embargo
