// Intake from a hosted mailbox: a real dovecot (tests/support/imap_server.h) holds the
// program's mailbox, `embargo mail fetch` and the server's poller read it over IMAP.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "imap_server.h"
#include "mail_text.h"
#include "test_server.h"

namespace embargo::testing {
namespace {

using namespace std::chrono_literals;

// Pykour's form has no title field: the body's first line becomes the report's title.
std::string report_mail(const std::string& message_id, const std::string& subject) {
  return crlf(
      "From: Zoe Tester <zoe@reporter.example>\n"
      "To: lead@pykour.example\n"
      "Subject: " +
      subject +
      "\n"
      "Message-ID: <" +
      message_id +
      ">\n"
      "Date: Sun, 06 Dec 2026 10:00:00 +0000\n"
      "MIME-Version: 1.0\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "\n" +
      subject +
      "\n"
      "\n"
      "Steps, impact and a proof of concept follow in this text, as Pykour asks.\n");
}

int count_lines(const std::string& text, const std::string& needle) {
  int n = 0;
  for (auto at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) ++n;
  return n;
}

class ImapTest : public ::testing::Test {
 protected:
  void SetUp() override {
    imap_ = std::make_unique<ImapServer>();
    // The test fetches by hand: the server's own poller stays off.
    server_ = std::make_unique<TestServer>("imap", std::vector<std::string>{"pykour.toml"},
                                           std::vector<std::string>{"--mail-poll-seconds", "0"});
    auto set = server_->cli("settings mail-fetch --program pykour --imap-url " + imap_->url() +
                                " --user " + imap_->user() + " --password-stdin --allow-plaintext",
                            imap_->password() + "\n");
    ASSERT_EQ(set.status, 0) << set.out;
  }
  void TearDown() override {
    server_.reset();
    imap_.reset();
  }

  static std::string reports() { return server_->cli("report list --program pykour").out; }

  static std::unique_ptr<ImapServer> imap_;
  static std::unique_ptr<TestServer> server_;
};

std::unique_ptr<ImapServer> ImapTest::imap_;
std::unique_ptr<TestServer> ImapTest::server_;

TEST_F(ImapTest, SettingsShowTheMailboxButNeverThePassword) {
  auto shown = server_->cli("settings mail-fetch --program pykour");
  ASSERT_EQ(shown.status, 0) << shown.out;
  EXPECT_NE(shown.out.find("imap: " + imap_->url()), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("user: " + imap_->user()), std::string::npos) << shown.out;
  EXPECT_NE(shown.out.find("password: (set, sealed)"), std::string::npos) << shown.out;
  EXPECT_EQ(shown.out.find(imap_->password()), std::string::npos) << shown.out;

  // Credentials in the URL and an unknown program are refused.
  auto in_url = server_->cli(
      "settings mail-fetch --program pykour --user u --password-stdin --imap-url "
      "imap://u:p@127.0.0.1/INBOX",
      "p\n");
  EXPECT_EQ(in_url.status, 1);
  auto unknown = server_->cli(
      "settings mail-fetch --program nope --user u --password-stdin --imap-url "
      "imaps://127.0.0.1/INBOX",
      "p\n");
  EXPECT_EQ(unknown.status, 1);
}

// Two reports and a garbage message arrive; one fetch stores the reports, moves them to the
// done folder and the garbage to its Refused subfolder; a second fetch finds nothing; a
// message put back in the inbox (a crash after the store, before the move) is a duplicate.
TEST_F(ImapTest, FetchStoresMovesAndNeverStoresTwice) {
  imap_->deliver(report_mail("imap.1@reporter.example", "Path traversal in the static route"));
  imap_->deliver(report_mail("imap.2@reporter.example", "Session cookie without HttpOnly"));
  imap_->deliver(crlf("this is not a mail at all\n"));
  ASSERT_EQ(imap_->search("INBOX", "UNSEEN").size(), 3U);

  auto first = server_->cli("mail fetch --program pykour");
  ASSERT_EQ(first.status, 0) << first.out;
  EXPECT_EQ(count_lines(first.out, "new report PYKOUR-"), 2) << first.out;
  EXPECT_EQ(count_lines(first.out, "; moved to Embargo\n"), 2) << first.out;
  EXPECT_EQ(count_lines(first.out, "; moved to Embargo.Refused\n"), 1) << first.out;
  std::string listed = reports();
  EXPECT_NE(listed.find("Path traversal in the static route"), std::string::npos) << listed;
  EXPECT_NE(listed.find("Session cookie without HttpOnly"), std::string::npos) << listed;
  EXPECT_EQ(count_lines(listed, "PYKOUR-"), 2) << listed;

  EXPECT_TRUE(imap_->search("INBOX", "ALL").empty());
  EXPECT_EQ(imap_->message_ids("Embargo"),
            (std::vector<std::string>{"<imap.1@reporter.example>", "<imap.2@reporter.example>"}));
  EXPECT_EQ(imap_->search("Embargo", "SEEN").size(), 2U);
  EXPECT_EQ(imap_->search("Embargo.Refused", "ALL").size(), 1U);

  auto again = server_->cli("mail fetch");
  ASSERT_EQ(again.status, 0) << again.out;
  EXPECT_EQ(again.out, "pykour: no new mail\n");

  // A crash between storing and moving leaves the message in the inbox, seen (fetching set it)
  // and carrying Embargo's keyword; a sender's MTA may also deliver the same mail twice. Fetched
  // again, each is recognised by its Message-ID, stored once, and moved this time.
  imap_->copy_all("Embargo", "INBOX");
  imap_->deliver(report_mail("imap.1@reporter.example", "Path traversal in the static route"));
  ASSERT_EQ(imap_->search("INBOX", "ALL").size(), 3U);
  auto redelivered = server_->cli("mail fetch --program pykour");
  ASSERT_EQ(redelivered.status, 0) << redelivered.out;
  EXPECT_EQ(count_lines(redelivered.out, "already received"), 3) << redelivered.out;
  EXPECT_EQ(count_lines(reports(), "PYKOUR-"), 2);
  EXPECT_TRUE(imap_->search("INBOX", "ALL").empty());
}

// A mailbox that cannot be read (no server there, or one without the STARTTLS that imap://
// requires) is reported, and the status says so.
TEST_F(ImapTest, AMailboxThatCannotBeReadFailsTheFetch) {
  TestServer other("imap-down", {"pykour.toml"}, {"--mail-poll-seconds", "0"});
  auto set = other.cli(
      "settings mail-fetch --program pykour --imap-url imap://127.0.0.1:1/INBOX --user u "
      "--password-stdin --allow-plaintext",
      "p\n");
  ASSERT_EQ(set.status, 0) << set.out;
  auto fetched = other.cli("mail fetch");
  EXPECT_EQ(fetched.status, 1) << fetched.out;

  imap_->deliver(report_mail("imap.clear@reporter.example", "Sent in clear"));
  auto no_tls = other.cli("settings mail-fetch --program pykour --imap-url " + imap_->url() +
                              " --user " + imap_->user() + " --password-stdin",
                          imap_->password() + "\n");
  ASSERT_EQ(no_tls.status, 0) << no_tls.out;
  EXPECT_NE(no_tls.out.find("(STARTTLS required)"), std::string::npos) << no_tls.out;
  EXPECT_EQ(other.cli("mail fetch").status, 1);
  EXPECT_EQ(imap_->search("INBOX", "UNSEEN").size(), 1U);
  EXPECT_EQ(other.cli("report list --program pykour").out.find("PYKOUR-"), std::string::npos);

  auto removed = other.cli("settings mail-fetch --program pykour --remove");
  EXPECT_EQ(removed.status, 0) << removed.out;
  EXPECT_NE(removed.out.find("no mailbox"), std::string::npos) << removed.out;
  EXPECT_EQ(other.cli("mail fetch").out, "no program has a mailbox to fetch\n");
}

// A server without MOVE: the message is copied to the done folder and expunged from the inbox.
TEST_F(ImapTest, AServerWithoutMoveGetsCopyAndExpunge) {
  ImapServer old_server(ImapServerOptions{.move = false});
  TestServer other("imap-copy", {"pykour.toml"}, {"--mail-poll-seconds", "0"});
  auto set =
      other.cli("settings mail-fetch --program pykour --imap-url " + old_server.url() + " --user " +
                    old_server.user() + " --password-stdin --allow-plaintext --done-folder Reports",
                old_server.password() + "\n");
  ASSERT_EQ(set.status, 0) << set.out;
  old_server.deliver(report_mail("imap.copy@reporter.example", "Copied, not moved"));
  old_server.deliver(report_mail("imap.copy2@reporter.example", "Copied too"));
  auto fetched = other.cli("mail fetch");
  ASSERT_EQ(fetched.status, 0) << fetched.out;
  EXPECT_EQ(count_lines(fetched.out, "; moved to Reports\n"), 2) << fetched.out;
  EXPECT_TRUE(old_server.search("INBOX", "ALL").empty());
  EXPECT_EQ(
      old_server.message_ids("Reports"),
      (std::vector<std::string>{"<imap.copy2@reporter.example>", "<imap.copy@reporter.example>"}));
}

// `embargo serve` polls the mailbox on its own.
TEST_F(ImapTest, TheServerPollsTheMailbox) {
  TestServer polling("imap-poll", {"pykour.toml"}, {"--mail-poll-seconds", "1"});
  ImapServer mailbox;
  auto set = polling.cli("settings mail-fetch --program pykour --imap-url " + mailbox.url() +
                             " --user " + mailbox.user() + " --password-stdin --allow-plaintext",
                         mailbox.password() + "\n");
  ASSERT_EQ(set.status, 0) << set.out;
  mailbox.deliver(report_mail("imap.poll@reporter.example", "Open redirect after sign-in"));
  std::string listed;
  for (int i = 0; i < 100 && listed.find("Open redirect") == std::string::npos; ++i) {
    std::this_thread::sleep_for(100ms);
    listed = polling.cli("report list --program pykour").out;
  }
  EXPECT_NE(listed.find("Open redirect after sign-in"), std::string::npos) << listed;
  for (int i = 0; i < 50 && !mailbox.search("INBOX", "ALL").empty(); ++i) {
    std::this_thread::sleep_for(100ms);
  }
  EXPECT_TRUE(mailbox.search("INBOX", "ALL").empty());
}

}  // namespace
}  // namespace embargo::testing
