// Mail is never lost: what a committed change queued survives a crash of the server and an SMTP
// server that is down, and a mail piped in while the store cannot be written is kept by the MTA
// (exit 75) and stored when it is piped again.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <set>
#include <string>
#include <thread>

#include "process.h"
#include "smtp_sink.h"
#include "test_server.h"

namespace embargo::testing {
namespace {

using namespace std::chrono_literals;

std::string report_mail(int n) {
  return "From: reporter" + std::to_string(n) +
         "@reporter.example\r\nTo: lead@pykour.example\r\nSubject: finding " + std::to_string(n) +
         "\r\nMessage-ID: <finding." + std::to_string(n) +
         "@reporter.example>\r\n\r\nThe finding number " + std::to_string(n) + ".\r\n";
}

TEST(MailDurabilityTest, QueuedMailSurvivesAKilledServerAndAnSmtpServerThatWasDown) {
  TestServer server("mail-durability", {"pykour.toml"});
  unsigned short dead_port = 0;
  {
    SmtpSink gone;  // a port nobody listens on once it is stopped
    dead_port = gone.port();
  }
  auto configured = server.cli(
      "settings mail --smtp-url smtp://127.0.0.1:" + std::to_string(dead_port) +
      " --from desk@embargo.test --public-url http://127.0.0.1:" + std::to_string(server.port()));
  ASSERT_EQ(configured.status, 0) << configured.out;

  constexpr int kReports = 12;
  for (int n = 1; n <= kReports; ++n) {
    auto out = server.cli("mail receive --program pykour", report_mail(n));
    ASSERT_EQ(out.status, 0) << out.out;
  }
  // The server has tried and failed at least once: every receipt waits for a retry.
  auto deadline = std::chrono::steady_clock::now() + 20s;
  std::string queued;
  while (std::chrono::steady_clock::now() < deadline) {
    queued = server.cli("mail outbox --state queued --limit 100").out;
    if (queued.find("0 attempts") == std::string::npos &&
        queued.find("\t1 attempt") != std::string::npos) {
      break;
    }
    std::this_thread::sleep_for(200ms);
  }
  EXPECT_EQ(queued.find("0 attempts"), std::string::npos) << queued;
  EXPECT_NE(queued.find("Failed to connect"), std::string::npos) << queued;

  server.kill();
  SmtpSink sink;
  auto moved = server.cli("settings mail --smtp-url " + sink.url() +
                          " --from desk@embargo.test --public-url http://127.0.0.1:8080");
  ASSERT_EQ(moved.status, 0) << moved.out;
  auto sent = server.cli("mail send --now");
  EXPECT_EQ(sent.status, 0) << sent.out;
  EXPECT_EQ(sent.out, std::to_string(kReports) + " items sent\n");
  ASSERT_TRUE(sink.wait_for(kReports, 10s));
  std::set<std::string> recipients;
  for (const auto& m : sink.messages()) recipients.insert(m.rcpt_tos.at(0));
  EXPECT_EQ(recipients.size(), static_cast<std::size_t>(kReports));
  EXPECT_NE(server.cli("mail outbox --state queued").out.find("the outbox is empty"),
            std::string::npos);
}

TEST(SqliteMailDurabilityTest, AMailPipedWhileTheStoreIsLockedIsKeptByTheMtaAndStoredLater) {
  TestServer server("mail-locked", {"pykour.toml"});
  // Another process holds the database's write lock for longer than the store waits for it.
  Process holder(
      {"/bin/sh", "-c",
       "(echo 'BEGIN EXCLUSIVE;'; echo 'SELECT 1;'; sleep 9; echo 'COMMIT;') | sqlite3 " +
           (server.data() / "embargo.db").string()});
  ASSERT_EQ(holder.read_line(5s), "1");
  auto locked = server.cli("mail receive --program pykour", report_mail(1));
  EXPECT_EQ(locked.status, 75) << locked.out;
  EXPECT_EQ(holder.wait(20s), 0);
  auto stored = server.cli("mail receive --program pykour", report_mail(1));
  EXPECT_EQ(stored.status, 0) << stored.out;
  EXPECT_EQ(stored.out.rfind("new report PYKOUR-", 0), 0U) << stored.out;
}

}  // namespace
}  // namespace embargo::testing
