// A program's settings in the browser against a real `embargo serve`: who may reach each page
// (the authorisation matrix of every route), the team and its last-owner rule, invitations
// (shown once, accepted once, by the invited email only; only an admin invites an address
// without an account), canned responses, the policy editor
// (errors with line and column, the diff, saving shows on the public page) and the instance
// admin's page.
#include <gtest/gtest.h>

#include <array>
#include <boost/json.hpp>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "company_report.h"
#include "data_file.h"
#include "http_checks.h"
#include "test_server.h"

namespace embargo {
namespace {

using testing::Browser;
using testing::HttpRequest;
using testing::HttpResponse;
using testing::read_text;
using testing::TestServer;
namespace bh = boost::beast::http;
using Fields = std::vector<std::pair<std::string, std::string>>;

using testing::kPassword;
const std::string kSettings = "/desk/programs/company/settings";

// The callers of the matrix, in its column order.
enum Who { nobody, reporter, viewer, stranger, handler, owner, admin };
constexpr std::array<const char*, 7> kWhoNames{
    "nobody", "reporter", "viewer", "handler of another program", "handler", "owner", "admin"};
const std::map<Who, std::string> kEmails{{viewer, "viewer@example.org"},
                                         {stranger, "stranger@example.org"},
                                         {handler, "handler@example.org"},
                                         {owner, "owner@example.org"}};

// A 303 to the sign-in page, as opposed to a 303 anywhere else.
constexpr int kSignIn = 3030;

using testing::location;

// The first capture of `pattern` in `text`, or empty.
std::string find(const std::string& text, const std::string& pattern) {
  std::smatch m;
  return std::regex_search(text, m, std::regex(pattern)) ? std::string(m[1]) : std::string();
}

using testing::contains;

class SettingsPagesTest : public ::testing::Test {
 protected:
  // Accounts for every caller of the matrix and one report, prepared once for all the cases
  // (each still gets its own copy, since cases change members and settings).
  void SetUp() override {
    server_ = std::make_unique<TestServer>(
        "settings", std::vector<std::string>{"company.toml", "pyspector.toml"},
        [](TestServer& server) {
          for (const auto& [who, email] : kEmails) add_account(server, email);
          add_account(server, "dummy@example.org");
          member(server, "company", "owner@example.org", "owner");
          member(server, "company", "handler@example.org", "handler");
          member(server, "company", "viewer@example.org", "viewer");
          member(server, "company", "dummy@example.org", "viewer");
          member(server, "pyspector", "stranger@example.org", "handler");
          server.remember("tracking_token", submit_report(server));
        });
    tracking_token_ = server_->recall("tracking_token");
  }

  static void add_account(const TestServer& server, const std::string& email) {
    auto added = server.cli("user add --email " + email + " --password-stdin",
                            std::string(kPassword) + "\n");
    ASSERT_EQ(added.status, 0) << added.out;
  }

  static void member(const TestServer& server, const std::string& program, const std::string& email,
                     const std::string& role) {
    auto added =
        server.cli("member add --program " + program + " --email " + email + " --role " + role);
    ASSERT_EQ(added.status, 0) << added.out;
  }

  // A company report through the API; returns its tracking link's secret.
  static std::string submit_report(const TestServer& server) {
    boost::json::object report = testing::company_report();
    HttpRequest request{bh::verb::post, "/api/v1/programs/company/reports", 11};
    request.set(bh::field::content_type, "application/json");
    request.body() = boost::json::serialize(report);
    HttpResponse r = server.send(std::move(request));
    EXPECT_EQ(r.result(), bh::status::created) << r.body();
    return find(r.body(), R"re("tracking_api_url":"[^"]*/([A-Za-z0-9_-]{43})")re");
  }

  // The browser of a caller: signed in once for team members; a new one every time for nobody
  // and the reporter (who holds only the tracking link), so that nothing carries over.
  Browser& as(Who who) {
    if (who == nobody || who == reporter) {
      fresh_ = std::make_unique<Browser>(*server_);
      if (who == reporter) {
        EXPECT_EQ(fresh_->get("/r/" + tracking_token_).result(), bh::status::ok);
      }
      return *fresh_;
    }
    auto& browser = browsers_[who];
    if (!browser) {
      browser = std::make_unique<Browser>(*server_);
      bool signed_in = who == admin
                           ? browser->sign_in(server_->admin_email(), server_->admin_password())
                           : browser->sign_in(kEmails.at(who), kPassword);
      EXPECT_TRUE(signed_in) << kWhoNames[who];
    }
    return *browser;
  }

  // A post from the caller's browser with the CSRF token of a page it was just shown.
  // Posts as a browser does: from the page that holds the form, whose token it carries (a desk
  // page's is the session's; the invitation page's is the browser's CSRF cookie).
  HttpResponse post_as(Who who, const std::string& target, const Fields& fields) {
    Browser& browser = as(who);
    if (target.starts_with("/invite/")) {
      browser.get(target.substr(0, target.rfind('/')));
    } else if (who != nobody && who != reporter) {
      browser.get("/account");
    }
    if (who == nobody) browser.get("/signin");
    return browser.post(target, fields);
  }

  // The owner's actions the tests build on.
  Browser& owner_browser() { return as(owner); }

  // An invitation sent from the team page by the owner, or by the admin: only an admin invites
  // an address that has no account yet.
  HttpResponse invite(const std::string& email, const std::string& role, Who sender = owner) {
    as(sender).get(kSettings + "/team");
    return as(sender).post(kSettings + "/invitations", {{"email", email}, {"role", role}});
  }

  // A new invitation's secret, from the link its page shows once.
  std::string invitation_token(const std::string& email, const std::string& role = "handler",
                               Who sender = owner) {
    auto r = invite(email, role, sender);
    EXPECT_EQ(r.result(), bh::status::ok) << r.body();
    return find(r.body(), R"(/invite/([A-Za-z0-9_-]{43})</code>)");
  }

  // The revoke form of the newest open invitation on the team page.
  std::string newest_revoke_target() {
    auto page = owner_browser().get(kSettings + "/team");
    return find(page.body(),
                R"re(action="(/desk/programs/company/settings/invitations/\d+/revoke)")re");
  }

  // A new canned response's page, found by the edit link the list shows beside its title.
  std::string canned_response(const std::string& title) {
    owner_browser().get(kSettings + "/canned");
    auto r = owner_browser().post(kSettings + "/canned",
                                  {{"title", title}, {"body", "Please send a reproducer."}});
    EXPECT_EQ(r.result(), bh::status::see_other) << r.body();
    auto list = owner_browser().get(kSettings + "/canned");
    return find(
        list.body(),
        R"re(href="(/desk/programs/company/settings/canned/\d+)">Edit<span class="visually-hidden"> )re" +
            title + "<");
  }

  static std::string company_source() {
    return read_text(std::filesystem::path(EMBARGO_SOURCE_DIR) / "examples/policies/company.toml");
  }

  // The revision the review page's Save button carries for `source`.
  std::string reviewed_revision(const std::string& source) {
    owner_browser().get(kSettings + "/policy");
    auto r = owner_browser().post(kSettings + "/policy/review", {{"source", source}});
    EXPECT_EQ(r.result(), bh::status::ok) << r.body();
    return find(r.body(), R"re(name="revision" value="(\d+)")re");
  }

  // The internal key of an account, as the admin page's links name it.
  std::string user_key(const std::string& email) {
    auto db = server_->raw();
    auto q = db->query("SELECT key FROM users WHERE email = ?1");
    q.bind(1, email);
    return q.step() ? std::to_string(q.integer(0)) : std::string("0");
  }

  // Changes a stored row behind the server's back (e.g. to make an invitation expire).
  void exec(const std::string& sql) { server_->raw()->exec(sql); }

  std::unique_ptr<TestServer> server_;
  std::map<Who, std::unique_ptr<Browser>> browsers_;
  std::unique_ptr<Browser> fresh_;
  std::string tracking_token_;
};

// One route of the matrix: the request (made just before it is sent, so that each caller acts
// on a record of its own) and the status each caller must get.
struct Route {
  std::string name;
  bool post = false;
  std::function<std::pair<std::string, Fields>()> request;
  std::array<int, 7> want;
};

TEST_F(SettingsPagesTest, EveryRouteAnswersEachCallerAsItsRoleAllows) {
  // Records for the routes that act on one: shared by callers refused before anything happens.
  std::string canned = canned_response("Matrix reply");
  std::string source = company_source();
  int made = 0;
  auto unique = [&made](const std::string& prefix) { return prefix + std::to_string(++made); };

  // Columns: nobody, reporter, viewer, handler of another program, handler, owner, admin.
  constexpr std::array<int, 7> kOwnerPage{kSignIn, kSignIn, 403, 404, 403, 200, 200};
  constexpr std::array<int, 7> kOwnerWrite{kSignIn, kSignIn, 403, 404, 403, 303, 303};
  auto fixed = [](std::string target, Fields fields = {}) {
    return [target, fields] { return std::pair{target, fields}; };
  };
  std::vector<Route> routes{
      {"settings overview", false, fixed(kSettings), kOwnerPage},
      {"team page", false, fixed(kSettings + "/team"), kOwnerPage},
      {"change a role", true,
       fixed(kSettings + "/team/role", {{"email", "dummy@example.org"}, {"role", "viewer"}}),
       kOwnerWrite},
      {"remove a member (asks first)", true,
       fixed(kSettings + "/team/remove", {{"email", "dummy@example.org"}}), kOwnerPage},
      {"invite", true,
       fixed(kSettings + "/invitations", {{"email", "dummy@example.org"}, {"role", "viewer"}}),
       kOwnerPage},
      {"revoke an invitation", true,
       [&] {
         invite(unique("revoked") + "@example.org", "viewer", admin);
         return std::pair{newest_revoke_target(), Fields{}};
       },
       kOwnerWrite},
      {"canned responses",
       false,
       fixed(kSettings + "/canned"),
       {kSignIn, kSignIn, 403, 404, 200, 200, 200}},
      {"add a canned response", true,
       [&] {
         return std::pair{kSettings + "/canned",
                          Fields{{"title", unique("Added ")}, {"body", "Text."}}};
       },
       kOwnerWrite},
      {"canned response form", false, fixed(canned), kOwnerPage},
      {"save a canned response", true,
       fixed(canned, {{"title", "Matrix reply"}, {"body", "Saved again."}}), kOwnerWrite},
      {"delete a canned response", true,
       [&] {
         return std::pair{canned_response(unique("Doomed ")) + "/delete", Fields{}};
       },
       kOwnerWrite},
      {"policy editor", false, fixed(kSettings + "/policy"), kOwnerPage},
      {"check the policy", true, fixed(kSettings + "/policy/check", {{"source", source}}),
       kOwnerPage},
      {"review the policy", true, fixed(kSettings + "/policy/review", {{"source", source}}),
       kOwnerPage},
      {"save the policy", true,
       [&] {
         std::string edited = source + "# " + unique("saved ") + "\n";
         return std::pair{kSettings + "/policy",
                          Fields{{"source", edited}, {"revision", reviewed_revision(edited)}}};
       },
       kOwnerWrite},
      {"instance admin", false, fixed("/desk/admin"), {kSignIn, kSignIn, 404, 404, 404, 404, 200}},
      {"outbox", false, fixed("/desk/admin/outbox"), {kSignIn, kSignIn, 404, 404, 404, 404, 200}},
      {"failed outbox items",
       false,
       fixed("/desk/admin/outbox?state=failed"),
       {kSignIn, kSignIn, 404, 404, 404, 404, 200}},
      {"two-factor switch",
       true,
       fixed("/desk/admin/two-factor", {{"required", "no"}}),
       {kSignIn, kSignIn, 404, 404, 404, 404, 303}},
      {"sign an account out everywhere",
       true,
       [&] {
         std::string leaving = unique("leaving") + "@example.org";
         auto added = server_->cli("user add --email " + leaving + " --password-stdin",
                                   "a long enough password\n");
         EXPECT_EQ(added.status, 0) << added.out;
         return std::pair{"/desk/admin/users/" + user_key(leaving) + "/sign-out", Fields{}};
       },
       {kSignIn, kSignIn, 404, 404, 404, 404, 303}},
      {"invitation",
       false,
       [&] {
         return std::pair{
             "/invite/" + invitation_token(unique("g") + "@example.org", "handler", admin),
             Fields{}};
       },
       {200, 200, 200, 200, 200, 200, 200}},
      {"accept an invitation",
       true,
       [&] {
         return std::pair{"/invite/" +
                              invitation_token(unique("a") + "@example.org", "handler", admin) +
                              "/accept",
                          Fields{}};
       },
       {kSignIn, kSignIn, 403, 403, 403, 403, 403}},
      {"create the invited account",
       true,
       [&] {
         return std::pair{"/invite/" +
                              invitation_token(unique("n") + "@example.org", "handler", admin) +
                              "/account",
                          Fields{{"password", kPassword}, {"confirm_password", kPassword}}};
       },
       {303, 303, 409, 409, 409, 409, 409}},
  };

  for (const auto& route : routes) {
    for (int who = nobody; who <= admin; ++who) {
      auto [target, fields] = route.request();
      HttpResponse r = route.post ? post_as(static_cast<Who>(who), target, fields)
                                  : as(static_cast<Who>(who)).get(target);
      int want = route.want[who];
      std::string context = route.name + " as " + kWhoNames[who] + ": " + target;
      if (want == kSignIn) {
        EXPECT_EQ(r.result_int(), 303) << context;
        EXPECT_TRUE(location(r).starts_with("/signin")) << context << " -> " << location(r);
      } else {
        EXPECT_EQ(r.result_int(), want) << context << "\n" << r.body().substr(0, 2000);
        if (want == 303) {
          EXPECT_FALSE(location(r).starts_with("/signin")) << context;
        }
      }
    }
  }
  // What the refused callers asked for did not happen.
  auto members = server_->cli("member list --program company");
  EXPECT_NE(members.out.find("dummy@example.org\tviewer"), std::string::npos) << members.out;
}

TEST_F(SettingsPagesTest, AProgramTheCallerMayNotReadAnswersLikeOneThatDoesNotExist) {
  auto hidden = as(stranger).get(kSettings + "/team");
  auto missing = as(stranger).get("/desk/programs/no-such-program/settings/team");
  auto missing_for_admin = as(admin).get("/desk/programs/no-such-program/settings/team");
  EXPECT_EQ(hidden.result(), bh::status::not_found);
  EXPECT_EQ(missing.result(), bh::status::not_found);
  EXPECT_EQ(missing_for_admin.result(), bh::status::not_found);
  EXPECT_EQ(hidden.body(), missing.body());
  EXPECT_EQ(hidden.body(), missing_for_admin.body());
  EXPECT_FALSE(contains(hidden, "Company"));
}

TEST_F(SettingsPagesTest, TheTeamPageListsMembersAndChangesTheirRoles) {
  auto page = owner_browser().get(kSettings + "/team");
  ASSERT_EQ(page.result(), bh::status::ok);
  for (const char* email :
       {"owner@example.org", "handler@example.org", "viewer@example.org", "dummy@example.org"}) {
    EXPECT_TRUE(contains(page, "<td>" + std::string(email) + "</td>")) << email;
  }
  EXPECT_FALSE(contains(page, "stranger@example.org"));

  auto changed = owner_browser().post(kSettings + "/team/role",
                                      {{"email", "DUMMY@example.org"}, {"role", "handler"}});
  ASSERT_EQ(changed.result(), bh::status::see_other) << changed.body();
  EXPECT_EQ(location(changed), kSettings + "/team");
  EXPECT_NE(server_->cli("member list --program company").out.find("dummy@example.org\thandler"),
            std::string::npos);

  auto bad_role = owner_browser().post(kSettings + "/team/role",
                                       {{"email", "dummy@example.org"}, {"role", "boss"}});
  EXPECT_EQ(bad_role.result(), bh::status::unprocessable_entity);
  EXPECT_TRUE(contains(bad_role, "Choose owner, handler or viewer."));
  auto not_member = owner_browser().post(kSettings + "/team/role",
                                         {{"email", "stranger@example.org"}, {"role", "owner"}});
  EXPECT_EQ(not_member.result(), bh::status::not_found);
  EXPECT_TRUE(server_->cli("member list --program company").out.find("stranger") ==
              std::string::npos)
      << "the role form never adds an account that is not a member";
}

TEST_F(SettingsPagesTest, RemovingAMemberAsksFirst) {
  owner_browser().get(kSettings + "/team");
  auto asked = owner_browser().post(kSettings + "/team/remove", {{"email", "dummy@example.org"}});
  ASSERT_EQ(asked.result(), bh::status::ok);
  EXPECT_TRUE(contains(asked, "Remove dummy@example.org?"));
  EXPECT_TRUE(contains(asked, R"(name="confirmed" value="yes")"));
  EXPECT_NE(server_->cli("member list --program company").out.find("dummy@example.org"),
            std::string::npos)
      << "asking removes nobody";

  auto removed = owner_browser().post(kSettings + "/team/remove",
                                      {{"email", "dummy@example.org"}, {"confirmed", "yes"}});
  ASSERT_EQ(removed.result(), bh::status::see_other) << removed.body();
  EXPECT_EQ(server_->cli("member list --program company").out.find("dummy@example.org"),
            std::string::npos);
  auto again = owner_browser().post(kSettings + "/team/remove",
                                    {{"email", "dummy@example.org"}, {"confirmed", "yes"}});
  EXPECT_EQ(again.result(), bh::status::not_found);
}

TEST_F(SettingsPagesTest, TheLastOwnerCanNeitherStepDownNorLeave) {
  owner_browser().get(kSettings + "/team");
  auto demoted = owner_browser().post(kSettings + "/team/role",
                                      {{"email", "owner@example.org"}, {"role", "handler"}});
  EXPECT_EQ(demoted.result(), bh::status::conflict);
  EXPECT_TRUE(contains(demoted, "owner@example.org is the program&apos;s last owner"))
      << demoted.body();
  auto removed = owner_browser().post(kSettings + "/team/remove",
                                      {{"email", "owner@example.org"}, {"confirmed", "yes"}});
  EXPECT_EQ(removed.result(), bh::status::conflict);
  EXPECT_TRUE(contains(removed, "make another member owner first"));
  EXPECT_EQ(owner_browser().get(kSettings).result(), bh::status::ok) << "still the owner";

  // Once someone else owns it too, the first owner may step down.
  auto promoted = owner_browser().post(kSettings + "/team/role",
                                       {{"email", "handler@example.org"}, {"role", "owner"}});
  ASSERT_EQ(promoted.result(), bh::status::see_other);
  auto stepped_down = owner_browser().post(kSettings + "/team/role",
                                           {{"email", "owner@example.org"}, {"role", "handler"}});
  ASSERT_EQ(stepped_down.result(), bh::status::see_other);
  EXPECT_EQ(owner_browser().get(kSettings).result(), bh::status::forbidden);
  EXPECT_EQ(as(handler).get(kSettings).result(), bh::status::ok);
}

TEST_F(SettingsPagesTest, AnInvitationLinkIsShownOnceAndCreatesTheAccountOnce) {
  auto created = invite("newcomer@example.org", "handler", admin);
  ASSERT_EQ(created.result(), bh::status::ok);
  std::string token = find(created.body(), R"(/invite/([A-Za-z0-9_-]{43})</code>)");
  ASSERT_FALSE(token.empty()) << created.body();
  auto team = owner_browser().get(kSettings + "/team");
  EXPECT_TRUE(contains(team, "<td>newcomer@example.org</td><td>handler</td>"));
  EXPECT_FALSE(contains(team, token)) << "the link is shown only once";

  Browser newcomer(*server_);
  auto page = newcomer.get("/invite/" + token);
  ASSERT_EQ(page.result(), bh::status::ok);
  EXPECT_TRUE(contains(page, "Join Company"));
  EXPECT_TRUE(contains(page, "<strong>handler</strong>"));
  EXPECT_TRUE(contains(page, "Create your account"));

  std::string target = "/invite/" + token + "/account";
  auto differ = newcomer.post(
      target, {{"password", kPassword}, {"confirm_password", "another long password"}});
  EXPECT_EQ(differ.result(), bh::status::unprocessable_entity);
  EXPECT_TRUE(contains(differ, "The two passwords differ."));
  auto weak = newcomer.post(target, {{"password", "short"}, {"confirm_password", "short"}});
  EXPECT_EQ(weak.result(), bh::status::unprocessable_entity);
  EXPECT_TRUE(contains(weak, "at least 12 characters"));
  EXPECT_EQ(server_->cli("user list").out.find("newcomer@example.org"), std::string::npos)
      << "a refused form creates no account";

  auto accepted = newcomer.post(target, {{"password", kPassword}, {"confirm_password", kPassword}});
  ASSERT_EQ(accepted.result(), bh::status::see_other) << accepted.body();
  EXPECT_FALSE(location(accepted).starts_with("/signin"));
  EXPECT_FALSE(newcomer.cookie("embargo_session").empty()) << "signed in";
  EXPECT_EQ(newcomer.get(kSettings + "/canned").result(), bh::status::ok) << "a handler now";
  EXPECT_EQ(newcomer.get(kSettings).result(), bh::status::forbidden) << "not an owner";

  Browser later(*server_);
  EXPECT_TRUE(later.sign_in("newcomer@example.org", kPassword)) << "the chosen password works";
  EXPECT_EQ(later.get("/invite/" + token).result(), bh::status::not_found) << "used";
  later.get("/account");
  EXPECT_EQ(later.post(target, {{"password", kPassword}, {"confirm_password", kPassword}}).result(),
            bh::status::not_found);
  EXPECT_FALSE(contains(owner_browser().get(kSettings + "/team"),
                        "<td>newcomer@example.org</td><td>handler</td><td>"))
      << "no longer listed as open";
}

TEST_F(SettingsPagesTest, AnExistingAccountAcceptsOnlyWhenSignedInWithTheInvitedEmail) {
  std::string token = invitation_token("viewer@example.org", "handler");
  std::string page_target = "/invite/" + token;

  Browser visitor(*server_);
  auto page = visitor.get(page_target);
  ASSERT_EQ(page.result(), bh::status::ok);
  std::string sign_in = "/signin?next=%2Finvite%2F" + token;
  EXPECT_TRUE(contains(page, "href=\"" + sign_in + "\"")) << page.body();
  EXPECT_FALSE(contains(page, "Create your account"));
  visitor.get("/signin");  // the page offers no form here: a form of the site gives the token
  auto not_signed_in = visitor.post(page_target + "/accept", {});
  EXPECT_EQ(not_signed_in.result(), bh::status::see_other);
  EXPECT_EQ(location(not_signed_in), sign_in);
  auto no_new_account = visitor.post(page_target + "/account",
                                     {{"password", kPassword}, {"confirm_password", kPassword}});
  EXPECT_EQ(no_new_account.result(), bh::status::conflict);

  auto wrong = as(stranger).get(page_target);
  EXPECT_TRUE(contains(wrong, "You are signed in as stranger@example.org"));
  auto refused = as(stranger).post(page_target + "/accept", {});
  EXPECT_EQ(refused.result(), bh::status::forbidden);
  EXPECT_EQ(as(stranger).get(kSettings + "/canned").result(), bh::status::not_found);

  // Signing in from the invitation comes back to it.
  Browser invited(*server_);
  invited.get(sign_in);
  auto signed_in = invited.post(
      "/signin",
      {{"email", "viewer@example.org"}, {"password", kPassword}, {"next", "/invite/" + token}});
  ASSERT_EQ(location(signed_in), page_target);
  auto accept_page = invited.get(page_target);
  EXPECT_TRUE(contains(accept_page, page_target + "/accept"));
  auto accepted = invited.post(page_target + "/accept", {});
  ASSERT_EQ(accepted.result(), bh::status::see_other) << accepted.body();
  EXPECT_EQ(invited.get(kSettings + "/canned").result(), bh::status::ok) << "handler now";
  EXPECT_EQ(invited.post(page_target + "/accept", {}).result(), bh::status::not_found);
}

// The owner sees the link they make, and whoever opens a link for an address without an account
// chooses its password: were an owner allowed to invite one, they could take any address for
// themselves, and with it whatever an admin later gives that address.
TEST_F(SettingsPagesTest, OnlyAnAdminInvitesAnAddressThatHasNoAccount) {
  auto refused = invite("newperson@example.org", "handler");
  EXPECT_EQ(refused.result(), bh::status::forbidden);
  EXPECT_TRUE(contains(refused,
                       "<p class=\"field-error\" id=\"f-invite-email-error\">no account for "
                       "newperson@example.org: an instance admin invites new people, or runs "
                       "embargo user add</p>"))
      << refused.body();
  EXPECT_TRUE(contains(refused, "value=\"newperson@example.org\"")) << "what was typed is kept";
  EXPECT_FALSE(contains(owner_browser().get(kSettings + "/team"), "newperson@example.org"));

  auto existing = invite("Stranger@example.org", "viewer");
  ASSERT_EQ(existing.result(), bh::status::ok) << existing.body();
  EXPECT_TRUE(contains(existing, "/invite/"));

  auto by_admin = invite("newperson@example.org", "handler", admin);
  ASSERT_EQ(by_admin.result(), bh::status::ok) << by_admin.body();
  EXPECT_TRUE(contains(
      owner_browser().get(kSettings + "/team"),
      "<td>newperson@example.org</td><td>handler</td><td>" + server_->admin_email() + "</td>"));
}

TEST_F(SettingsPagesTest, AnInvitationCreatesAnAccountOnlyWhenItsSenderIsAnAdmin) {
  // An owner's invitation for a new address from before the rule, still open in the store.
  std::string token = invitation_token("early@example.org", "handler", admin);
  exec("UPDATE invitations SET invited_by = 'owner@example.org' WHERE email = 'early@example.org'");
  Browser newcomer(*server_);
  newcomer.get("/invite/" + token);
  auto refused = newcomer.post("/invite/" + token + "/account",
                               {{"password", kPassword}, {"confirm_password", kPassword}});
  EXPECT_EQ(refused.result(), bh::status::conflict);
  EXPECT_TRUE(contains(refused, "only an admin invites new people")) << refused.body();
  EXPECT_TRUE(newcomer.cookie("embargo_session").empty()) << "not signed in";
  EXPECT_EQ(server_->cli("user list").out.find("early@example.org"), std::string::npos);
}

TEST_F(SettingsPagesTest, UnknownUsedRevokedAndExpiredInvitationsGetTheSameNotFoundPage) {
  Browser visitor(*server_);
  auto unknown = visitor.get("/invite/" + std::string(43, 'A'));
  EXPECT_EQ(unknown.result(), bh::status::not_found);
  EXPECT_EQ(visitor.get("/invite/not-a-token").body(), unknown.body());

  std::string revoked = invitation_token("revoked@example.org", "handler", admin);
  auto revoke = owner_browser().post(newest_revoke_target(), {});
  ASSERT_EQ(revoke.result(), bh::status::see_other);
  EXPECT_FALSE(contains(owner_browser().get(kSettings + "/team"), "revoked@example.org"));
  auto after_revoke = visitor.get("/invite/" + revoked);
  EXPECT_EQ(after_revoke.result(), bh::status::not_found);
  EXPECT_EQ(after_revoke.body(), unknown.body());

  std::string expired = invitation_token("late@example.org", "handler", admin);
  exec("UPDATE invitations SET expires_at = created_at - 1 WHERE email = 'late@example.org'");
  auto after_expiry = visitor.get("/invite/" + expired);
  EXPECT_EQ(after_expiry.result(), bh::status::not_found);
  EXPECT_EQ(after_expiry.body(), unknown.body());
  visitor.get("/signin");
  EXPECT_EQ(visitor
                .post("/invite/" + expired + "/account",
                      {{"password", kPassword}, {"confirm_password", kPassword}})
                .result(),
            bh::status::not_found);
  EXPECT_EQ(server_->cli("user list").out.find("late@example.org"), std::string::npos);

  auto bad_email = invite("not an email", "handler");
  EXPECT_EQ(bad_email.result(), bh::status::unprocessable_entity);
  EXPECT_TRUE(contains(bad_email, "Enter the email address of the person to invite."));
}

TEST_F(SettingsPagesTest, OwnersWriteCannedResponsesAndHandlersReadThem) {
  std::string edit = canned_response("Needs a reproducer");
  ASSERT_FALSE(edit.empty());
  auto list = as(handler).get(kSettings + "/canned");
  ASSERT_EQ(list.result(), bh::status::ok);
  EXPECT_TRUE(contains(list, "<h2>Needs a reproducer</h2>"));
  EXPECT_TRUE(contains(list, "Please send a reproducer."));
  EXPECT_FALSE(contains(list, edit)) << "handlers get no edit link";
  EXPECT_FALSE(contains(list, "New canned response")) << "nor the form";

  auto duplicate = owner_browser().post(kSettings + "/canned",
                                        {{"title", "Needs a reproducer"}, {"body", "Again."}});
  EXPECT_EQ(duplicate.result(), bh::status::conflict);
  EXPECT_TRUE(contains(duplicate, "already has a canned response"));
  auto empty = owner_browser().post(kSettings + "/canned", {{"title", "Empty"}, {"body", " "}});
  EXPECT_EQ(empty.result(), bh::status::unprocessable_entity);
  EXPECT_TRUE(contains(empty, "f-canned-body-error"));

  auto form = owner_browser().get(edit);
  ASSERT_EQ(form.result(), bh::status::ok);
  EXPECT_TRUE(contains(form, "value=\"Needs a reproducer\""));
  auto saved = owner_browser().post(
      edit, {{"title", "Needs a reproducer"}, {"body", "Steps, please."}, {"internal", "yes"}});
  ASSERT_EQ(saved.result(), bh::status::see_other) << saved.body();
  list = as(handler).get(kSettings + "/canned");
  EXPECT_TRUE(contains(list, "Steps, please."));
  EXPECT_TRUE(contains(list, "Internal note"));

  auto deleted = owner_browser().post(edit + "/delete", {});
  ASSERT_EQ(deleted.result(), bh::status::see_other);
  EXPECT_FALSE(contains(as(handler).get(kSettings + "/canned"), "Needs a reproducer"));
  EXPECT_EQ(owner_browser().post(edit + "/delete", {}).result(), bh::status::not_found);
  EXPECT_EQ(owner_browser().get(edit).result(), bh::status::not_found);
}

TEST_F(SettingsPagesTest, CheckShowsEveryErrorWithLineAndColumnAndSavesNothing) {
  std::string source = company_source();
  std::string broken = std::regex_replace(source, std::regex("languages = \\[\"en\"\\]"),
                                          "languages = [\"en\"]\ncolour = \"blue\"");
  broken = std::regex_replace(broken, std::regex("web_form = true"), "web_form = \"yes\"");
  owner_browser().get(kSettings + "/policy");
  auto checked = owner_browser().post(kSettings + "/policy/check", {{"source", broken}});
  ASSERT_EQ(checked.result(), bh::status::ok);
  EXPECT_TRUE(contains(checked, "Mistakes found: 2")) << checked.body();
  EXPECT_TRUE(contains(checked, "<strong>Line 9, column 1</strong>")) << checked.body();
  EXPECT_TRUE(contains(checked, "colour"));
  EXPECT_TRUE(contains(checked, "<strong>Line 13, column"));
  EXPECT_TRUE(contains(checked, "colour = &quot;blue&quot;")) << "the text stays in the editor";

  auto good = owner_browser().post(kSettings + "/policy/check", {{"source", source}});
  EXPECT_TRUE(contains(good, "No mistakes found"));
  auto saved = owner_browser().post(kSettings + "/policy",
                                    {{"source", broken}, {"revision", reviewed_revision(source)}});
  EXPECT_EQ(saved.result(), bh::status::unprocessable_entity);
  auto editor = owner_browser().get(kSettings + "/policy");
  EXPECT_FALSE(contains(editor, "colour")) << "nothing was saved";
}

TEST_F(SettingsPagesTest, ReviewShowsTheDiffAndSaveChangesThePublicPage) {
  std::string source = company_source();
  std::string renamed =
      std::regex_replace(source, std::regex("name = \"Company\""), "name = \"Company & Sons\"");
  auto before = as(nobody).get("/p/company");
  ASSERT_EQ(before.result(), bh::status::ok);
  EXPECT_FALSE(contains(before, "Company &amp; Sons"));

  owner_browser().get(kSettings + "/policy");
  auto review = owner_browser().post(kSettings + "/policy/review", {{"source", renamed}});
  ASSERT_EQ(review.result(), bh::status::ok) << review.body();
  EXPECT_TRUE(contains(review,
                       "<tr class=\"diff-removed\"><td>7</td><td></td><td><span "
                       "aria-hidden=\"true\">-</span><span class=\"visually-hidden\">removed</"
                       "span></td><td><code>name = &quot;Company&quot;   # the seed names no "
                       "organisation</code></td></tr>"))
      << review.body();
  EXPECT_TRUE(contains(review, "<tr class=\"diff-added\"><td></td><td>7</td>"));
  EXPECT_TRUE(contains(review, "name = &quot;Company &amp; Sons&quot;"));
  EXPECT_TRUE(contains(review, "unchanged lines"));
  std::string revision = find(review.body(), R"re(name="revision" value="(\d+)")re");
  ASSERT_FALSE(revision.empty());
  EXPECT_FALSE(contains(as(nobody).get("/p/company"), "Company &amp; Sons")) << "not yet saved";

  auto saved =
      owner_browser().post(kSettings + "/policy", {{"source", renamed}, {"revision", revision}});
  ASSERT_EQ(saved.result(), bh::status::see_other) << saved.body();
  EXPECT_EQ(location(saved), kSettings + "/policy");
  auto after = as(nobody).get("/p/company");
  EXPECT_TRUE(contains(after, "Company &amp; Sons")) << "the cached page was rendered again";
  EXPECT_NE(after[bh::field::etag], before[bh::field::etag]);
  EXPECT_TRUE(contains(owner_browser().get(kSettings + "/policy"), "Company &amp; Sons"));

  // The same Save again is refused: the policy changed since that review.
  auto stale =
      owner_browser().post(kSettings + "/policy", {{"source", source}, {"revision", revision}});
  EXPECT_EQ(stale.result(), bh::status::conflict);
  EXPECT_TRUE(contains(stale, "Someone saved the policy after you reviewed it"));
  EXPECT_TRUE(contains(as(nobody).get("/p/company"), "Company &amp; Sons"));
}

TEST_F(SettingsPagesTest, TheSlugCannotChange) {
  std::string moved =
      std::regex_replace(company_source(), std::regex("slug = \"company\""), "slug = \"moved\"");
  owner_browser().get(kSettings + "/policy");
  auto review = owner_browser().post(kSettings + "/policy/review", {{"source", moved}});
  EXPECT_EQ(review.result(), bh::status::unprocessable_entity);
  EXPECT_TRUE(contains(review, "cannot change here"));
  auto saved =
      owner_browser().post(kSettings + "/policy",
                           {{"source", moved}, {"revision", reviewed_revision(company_source())}});
  EXPECT_EQ(saved.result(), bh::status::unprocessable_entity);
  EXPECT_EQ(as(nobody).get("/p/moved").result(), bh::status::not_found);
  EXPECT_EQ(as(nobody).get("/p/company").result(), bh::status::ok);
}

// Someone leaves: the admin disables the account on the desk, and its open session stops
// working at once; deleting needs the address typed again; the last admin cannot be demoted.
TEST_F(SettingsPagesTest, TheAdminOffboardsAnAccountFromTheDesk) {
  const std::string email = "leaver@example.org";
  ASSERT_EQ(
      server_->cli("user add --email " + email + " --password-stdin", std::string(kPassword) + "\n")
          .status,
      0);
  Browser leaver(*server_);
  ASSERT_TRUE(leaver.sign_in(email, kPassword));
  EXPECT_EQ(leaver.get("/account").result(), bh::status::ok);
  const std::string actions = "/desk/admin/users/" + user_key(email);
  as(admin).get("/desk/admin");
  EXPECT_EQ(as(admin).post(actions + "/disable", {}).result(), bh::status::see_other);
  EXPECT_EQ(leaver.get("/account").result(), bh::status::see_other) << "signed out at once";
  EXPECT_FALSE(Browser(*server_).sign_in(email, kPassword));
  auto page = as(admin).get("/desk/admin");
  EXPECT_TRUE(contains(page, "<strong>Disabled</strong> since"));

  auto unconfirmed = as(admin).post(actions + "/delete", {{"confirm_email", "someone"}});
  EXPECT_EQ(unconfirmed.result(), bh::status::unprocessable_entity);
  EXPECT_EQ(as(admin).post(actions + "/delete", {{"confirm_email", email}}).result(),
            bh::status::see_other);
  EXPECT_FALSE(contains(as(admin).get("/desk/admin"), email));
  EXPECT_EQ(as(admin).post(actions + "/enable", {}).result(), bh::status::not_found);

  auto demoted =
      as(admin).post("/desk/admin/users/" + user_key(server_->admin_email()) + "/revoke-admin", {});
  EXPECT_EQ(demoted.result(), bh::status::conflict);
  EXPECT_TRUE(contains(demoted, "only admin left"));
}

TEST_F(SettingsPagesTest, TheAdminSeesEveryAccountAndCanRequireTwoFactorSignIn) {
  auto page = as(admin).get("/desk/admin");
  ASSERT_EQ(page.result(), bh::status::ok);
  for (const auto& [who, email] : kEmails) {
    EXPECT_TRUE(contains(page, "<tr><td>" + email + "</td><td>no</td><td>off</td><td>no</td>"))
        << email;
  }
  EXPECT_TRUE(contains(page, "<tr><td>" + server_->admin_email() + "</td><td>yes</td>"));
  EXPECT_TRUE(contains(page, "Optional: each account chooses."));

  EXPECT_EQ(as(admin).post("/desk/admin/two-factor", {{"required", "maybe"}}).result(),
            bh::status::unprocessable_entity);
  auto required = as(admin).post("/desk/admin/two-factor", {{"required", "yes"}});
  ASSERT_EQ(required.result(), bh::status::see_other);
  EXPECT_NE(server_->cli("settings two-factor").out.find("required for every account"),
            std::string::npos);
  // Every account without it, the admin included, must now set it up first.
  auto sent = as(handler).get(kSettings + "/canned");
  EXPECT_EQ(sent.result(), bh::status::see_other);
  EXPECT_EQ(location(sent), "/account/two-factor");
  EXPECT_EQ(location(as(admin).get("/desk/admin")), "/account/two-factor");

  ASSERT_EQ(server_->cli("settings two-factor --optional").status, 0);
  EXPECT_EQ(as(handler).get(kSettings + "/canned").result(), bh::status::ok);
}

}  // namespace
}  // namespace embargo
