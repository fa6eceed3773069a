// What the team hears by mail, end to end with real parts: a real `embargo serve` whose outbox
// delivers to a real SMTP server (aiosmtpd), members who choose on their account page how they
// hear (each event, a daily digest, nothing), and an invitation that arrives by mail.
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <regex>
#include <string>

#include "mail_text.h"
#include "smtp_sink.h"
#include "test_server.h"

namespace embargo::testing {
namespace {

using testing::kPassword;
constexpr const char* kOwner = "owner@team.example";
constexpr const char* kHandler = "handler@team.example";
constexpr const char* kViewer = "viewer@team.example";
constexpr const char* kDigest = "digest@team.example";
constexpr const char* kQuiet = "quiet@team.example";

class TeamMailTest : public ::testing::Test {
 protected:
  // The team and its choices, prepared once; each case then points the server at its own SMTP
  // sink.
  void SetUp() override {
    sink_ = std::make_unique<SmtpSink>();
    server_ = std::make_unique<TestServer>(
        "team-mail", std::vector<std::string>{"pykour.toml"}, [](TestServer& server) {
          server.add_member(kOwner, "pykour", "owner");
          server.add_member(kHandler, "pykour", "handler");
          server.add_member(kViewer, "pykour", "viewer");
          server.add_member(kDigest, "pykour", "handler");
          server.add_member(kQuiet, "pykour", "handler");
          choose(server, kDigest, "digest");
          choose(server, kQuiet, "off");
          auto token = server.cli("token create --user " + std::string(kOwner) + " --scope triage");
          ASSERT_EQ(token.status, 0) << token.out;
          server.remember("owner token", token.out.substr(0, token.out.find_first_of(" \n")));
        });
    auto configured = server_->cli("settings mail --smtp-url " + sink_->url() +
                                   " --from desk@embargo.test --public-url http://127.0.0.1:" +
                                   std::to_string(server_->port()));
    ASSERT_EQ(configured.status, 0) << configured.out;
    owner_token_ = server_->recall("owner token");
  }
  void TearDown() override {
    server_.reset();
    sink_.reset();
  }

  // The member chooses on their account page how they hear about reports.
  static void choose(const TestServer& server, const std::string& email, const std::string& mode) {
    Browser member(server);
    ASSERT_TRUE(member.sign_in(email, kPassword));
    member.get("/account");
    auto saved = member.post("/account/notifications", {{"mode", mode}});
    ASSERT_EQ(saved.result(), bh::status::see_other) << saved.body();
    auto page = member.get("/account");
    EXPECT_NE(page.body().find("value=\"" + mode + "\" checked"), std::string::npos);
  }

  // A new Pykour report by mail from `sender`: its id.
  static std::string new_report(const std::string& sender, const std::string& tag) {
    auto out = server_->cli("mail receive --program pykour",
                            crlf("From: " + sender + "\nTo: lead@pykour.example\nSubject: " +
                                 "Secret finding " + tag + "\nMessage-ID: <" + tag +
                                 "@reporter.example>\n\nThe secret details of " + tag + ".\n"));
    EXPECT_EQ(out.status, 0) << out.out;
    std::string id = out.out.substr(std::string("new report ").size());
    return id.substr(0, id.find('\n'));
  }

  // What the changes so far queued has arrived: every mail of a change is queued with it, so
  // with nothing left queued, a mail that has not come will not come.
  static void settle() { ASSERT_TRUE(server_->outbox_drained()) << "mail is still queued"; }

  // The mails to `address` that came after the first `before` messages.
  static std::vector<SinkMessage> mails_to(const std::string& address, std::size_t before) {
    std::vector<SinkMessage> out;
    auto all = sink_->messages();
    for (std::size_t i = before; i < all.size(); ++i) {
      const auto& to = all[i].rcpt_tos;
      if (std::find(to.begin(), to.end(), address) != to.end()) out.push_back(all[i]);
    }
    return out;
  }

  static HttpResponse patch(const std::string& target, const std::string& body,
                            const std::string& token) {
    HttpRequest request{bh::verb::patch, target, 11};
    request.set(bh::field::authorization, "Bearer " + token);
    request.set(bh::field::content_type, "application/json");
    request.body() = body;
    return server_->send(request);
  }

  static std::unique_ptr<SmtpSink> sink_;
  static std::unique_ptr<TestServer> server_;
  static std::string owner_token_;
};

std::unique_ptr<SmtpSink> TeamMailTest::sink_;
std::unique_ptr<TestServer> TeamMailTest::server_;
std::string TeamMailTest::owner_token_;

// A new report is told to every member who hears immediately, by id and desk link only; the one
// who chose a digest and the one who chose nothing get no mail.
TEST_F(TeamMailTest, ANewReportIsToldToTheTeamWithoutItsContents) {
  std::size_t before = sink_->messages().size();
  std::string id = new_report("ada@reporter.example", "new.1");
  settle();
  for (const char* member : {kOwner, kHandler, kViewer}) {
    auto mails = mails_to(member, before);
    ASSERT_EQ(mails.size(), 1U) << member;
    const std::string& raw = mails[0].raw;
    EXPECT_NE(raw.find("Subject: [" + id + "] New report to Pykour"), std::string::npos) << raw;
    EXPECT_NE(raw.find("/desk/reports/" + id), std::string::npos) << raw;
    EXPECT_EQ(raw.find("Secret finding"), std::string::npos) << raw;
    EXPECT_EQ(raw.find("secret details"), std::string::npos) << raw;
    EXPECT_EQ(raw.find("/r/"), std::string::npos) << "no tracking link to the team: " << raw;
    EXPECT_NE(raw.find("Auto-Submitted: auto-generated"), std::string::npos);
  }
  EXPECT_TRUE(mails_to(kDigest, before).empty());
  EXPECT_TRUE(mails_to(kQuiet, before).empty());
}

// The reporter's answer goes to the report's handler once there is one; until then to the
// handlers and owners (not viewers). Being made handler is told, unless you did it yourself.
TEST_F(TeamMailTest, TheReporterWritingAndAnAssignmentReachTheRightPeople) {
  std::size_t before = sink_->messages().size();
  std::string id = new_report("bob@reporter.example", "reply.1");
  settle();
  auto receipt = mails_to("bob@reporter.example", before);
  ASSERT_EQ(receipt.size(), 1U);
  std::smatch reply_to;
  ASSERT_TRUE(std::regex_search(receipt[0].raw, reply_to, std::regex("Reply-To: ([^\r\n]+)")));

  auto reply = [&](const std::string& tag) {
    auto out =
        server_->cli("mail receive", crlf("From: bob@reporter.example\nTo: " + reply_to[1].str() +
                                          "\nSubject: Re: finding\nMessage-ID: <" + tag +
                                          "@reporter.example>\n\nMore details.\n"));
    EXPECT_EQ(out.out, "reply to " + id + "\n");
    settle();
  };

  before = sink_->messages().size();
  reply("reply.2");
  EXPECT_EQ(mails_to(kOwner, before).size(), 1U);
  EXPECT_EQ(mails_to(kHandler, before).size(), 1U);
  EXPECT_TRUE(mails_to(kViewer, before).empty()) << "a viewer is not asked to act";
  auto told = mails_to(kHandler, before);
  ASSERT_EQ(told.size(), 1U);
  EXPECT_NE(told[0].raw.find("Subject: [" + id + "] The reporter wrote"), std::string::npos);
  EXPECT_EQ(told[0].raw.find("More details"), std::string::npos);

  before = sink_->messages().size();
  auto assigned =
      patch("/api/v1/reports/" + id, R"({"handler": "handler@team.example"})", owner_token_);
  ASSERT_EQ(assigned.result(), bh::status::ok) << assigned.body();
  settle();
  auto made = mails_to(kHandler, before);
  ASSERT_EQ(made.size(), 1U);
  EXPECT_NE(made[0].raw.find("You are the handler of " + id), std::string::npos);
  EXPECT_NE(made[0].raw.find("owner@team.example made you the handler"), std::string::npos);
  EXPECT_TRUE(mails_to(kOwner, before).empty());

  before = sink_->messages().size();
  reply("reply.3");
  EXPECT_EQ(mails_to(kHandler, before).size(), 1U);
  EXPECT_TRUE(mails_to(kOwner, before).empty()) << "the handler is told, not everyone";

  // Naming yourself tells nobody.
  before = sink_->messages().size();
  auto own =
      patch("/api/v1/reports/" + id, R"({"backup_handler": "owner@team.example"})", owner_token_);
  ASSERT_EQ(own.result(), bh::status::ok) << own.body();
  settle();
  EXPECT_TRUE(mails_to(kOwner, before).empty());
}

// The digest member's lines wait; a digest that is not due yet is not sent; when it goes, it is
// one mail listing them, and each line goes out once.
TEST_F(TeamMailTest, ADigestGathersTheDaysEventsIntoOneMail) {
  std::string id = new_report("cy@reporter.example", "digest.1");
  auto early = server_->cli("mail digest");
  EXPECT_EQ(early.out, "0 digests queued\n") << "nothing has waited a day yet";

  std::size_t before = sink_->messages().size();
  auto now = server_->cli("mail digest --now");
  EXPECT_EQ(now.out, "1 digest queued\n");
  settle();
  auto digests = mails_to(kDigest, before);
  ASSERT_EQ(digests.size(), 1U);
  const std::string& raw = digests[0].raw;
  EXPECT_NE(raw.find("Subject: Your Embargo digest"), std::string::npos) << raw;
  EXPECT_NE(raw.find(id + ": new report to Pykour"), std::string::npos) << raw;
  EXPECT_EQ(raw.find("Secret finding"), std::string::npos) << raw;
  EXPECT_EQ(server_->cli("mail digest --now").out, "0 digests queued\n");
  EXPECT_TRUE(mails_to(kQuiet, before).empty());
}

// An invitation made on the desk reaches the invited address with its link, which opens the
// invitation page.
TEST_F(TeamMailTest, AnInvitationArrivesByMail) {
  Browser admin(*server_);
  ASSERT_TRUE(admin.sign_in(server_->admin_email(), server_->admin_password()));
  admin.get("/desk/programs/pykour/settings/team");
  std::size_t before = sink_->messages().size();
  auto invited = admin.post("/desk/programs/pykour/settings/invitations",
                            {{"email", "newcomer@team.example"}, {"role", "handler"}});
  ASSERT_LT(static_cast<int>(invited.result()), 400) << invited.body();
  settle();
  auto mails = mails_to("newcomer@team.example", before);
  ASSERT_EQ(mails.size(), 1U);
  std::smatch link;
  ASSERT_TRUE(std::regex_search(mails[0].raw, link,
                                std::regex("http://127\\.0\\.0\\.1:\\d+(/invite/[A-Za-z0-9_-]+)")))
      << mails[0].raw;
  EXPECT_NE(mails[0].raw.find("invites you to the Pykour security team"), std::string::npos);
  EXPECT_NE(mails[0].raw.find("as handler"), std::string::npos);
  Browser newcomer(*server_);
  auto page = newcomer.get(link[1].str());
  EXPECT_EQ(page.result(), bh::status::ok);
  EXPECT_NE(page.body().find("newcomer@team.example"), std::string::npos);
}

// Only a signed-in member changes their own choice, with the page's token; a bad choice is
// refused and changes nothing.
TEST_F(TeamMailTest, OnlyTheMemberChangesHowTheyHear) {
  Browser stranger(*server_);
  auto anonymous = stranger.post("/account/notifications", {{"mode", "off"}}, false);
  if (anonymous.result() == bh::status::see_other) {
    EXPECT_EQ(std::string(anonymous[bh::field::location]).rfind("/signin", 0), 0U);
  } else {
    EXPECT_EQ(anonymous.result(), bh::status::forbidden);
  }
  Browser member(*server_);
  ASSERT_TRUE(member.sign_in(kHandler, kPassword));
  member.get("/account");
  auto forged = member.post("/account/notifications", {{"mode", "off"}}, false);
  EXPECT_EQ(forged.result(), bh::status::forbidden);
  auto bad = member.post("/account/notifications", {{"mode", "sometimes"}});
  EXPECT_EQ(bad.result(), bh::status::unprocessable_entity);
  EXPECT_NE(member.get("/account").body().find("value=\"immediately\" checked"), std::string::npos);
}

}  // namespace
}  // namespace embargo::testing
