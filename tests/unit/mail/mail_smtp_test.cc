#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>
#include <vector>

#include "mail/outgoing.h"
#include "mail/smtp.h"
#include "smtp_sink.h"

namespace embargo::mail {
namespace {

using std::chrono::seconds;
using testing::SmtpSink;
using testing::SmtpSinkOptions;

// A rendered notification with a line that SMTP must dot-stuff and one that needs QP.
std::string sample_raw() {
  OutgoingMail mail;
  mail.from_name = "PySpector security team";
  mail.from = "security@pyspector.example";
  mail.to = "reporter@example.net";
  mail.subject = "Your report was received";
  mail.text = "Hello,\n.\n..leading dots\nd\xC3\xA9j\xC3\xA0 vu\n";
  mail.message_id = new_message_id("pyspector.example");
  mail.date = Time(std::chrono::seconds(1795000000));
  return render_mail(mail);
}

SmtpSettings settings_for(const SmtpSink& sink) {
  SmtpSettings settings;
  settings.url = sink.url();
  settings.from = "security@pyspector.example";
  return settings;
}

// A pass of the outbox sends its mails over one connection, and a refused mail does not spoil
// the next one.
TEST(MailSmtp, AClientKeepsItsConnectionFromOneMailToTheNext) {
  SmtpSink sink;
  SmtpClient client(settings_for(sink));
  for (const char* to : {"a@example.net", "b@example.net", "c@example.net"}) {
    auto result = client.send({to}, sample_raw());
    ASSERT_TRUE(result.sent) << result.detail;
  }
  ASSERT_TRUE(sink.wait_for(3, seconds(10)));
  auto messages = sink.messages();
  EXPECT_EQ(messages[0].client_port, messages[1].client_port);
  EXPECT_EQ(messages[1].client_port, messages[2].client_port);
  EXPECT_EQ(messages[2].rcpt_tos, std::vector<std::string>{"c@example.net"});
  // Each mail is a transaction of its own.
  EXPECT_EQ(messages[0].rcpt_tos, std::vector<std::string>{"a@example.net"});

  SmtpClient separate(settings_for(sink));
  ASSERT_TRUE(separate.send({"d@example.net"}, sample_raw()).sent);
  ASSERT_TRUE(sink.wait_for(4, seconds(10)));
  EXPECT_NE(sink.messages()[3].client_port, messages[0].client_port);
}

TEST(MailSmtp, AfterARefusedMailTheSameClientSendsTheNext) {
  SmtpSinkOptions options;
  options.reject = {"gone@example.net"};
  SmtpSink sink(options);
  SmtpClient client(settings_for(sink));
  auto refused = client.send({"gone@example.net"}, sample_raw());
  EXPECT_FALSE(refused.sent);
  EXPECT_TRUE(refused.permanent) << refused.detail;
  auto next = client.send({"here@example.net"}, sample_raw());
  ASSERT_TRUE(next.sent) << next.detail;
  ASSERT_TRUE(sink.wait_for(1, seconds(10)));
  EXPECT_EQ(sink.messages()[0].rcpt_tos, std::vector<std::string>{"here@example.net"});
}

TEST(MailSmtp, DeliversTheBytesToEveryRecipient) {
  SmtpSink sink;
  std::string raw = sample_raw();
  auto result =
      send_smtp(settings_for(sink), {"reporter@example.net", "triage@pyspector.example"}, raw);
  EXPECT_TRUE(result.sent) << result.detail;
  EXPECT_FALSE(result.permanent);
  EXPECT_NE(result.detail.find("250"), std::string::npos) << result.detail;
  ASSERT_TRUE(sink.wait_for(1, seconds(10)));
  auto messages = sink.messages();
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].raw, raw);
  EXPECT_EQ(messages[0].mail_from, "security@pyspector.example");
  EXPECT_EQ(messages[0].rcpt_tos,
            (std::vector<std::string>{"reporter@example.net", "triage@pyspector.example"}));
}

TEST(MailSmtp, A451IsATemporaryFailure) {
  SmtpSinkOptions options;
  options.fail_first = 1;
  SmtpSink sink(options);
  std::string raw = sample_raw();
  auto first = send_smtp(settings_for(sink), {"reporter@example.net"}, raw);
  EXPECT_FALSE(first.sent);
  EXPECT_FALSE(first.permanent);
  EXPECT_NE(first.detail.find("451"), std::string::npos) << first.detail;
  auto retry = send_smtp(settings_for(sink), {"reporter@example.net"}, raw);
  EXPECT_TRUE(retry.sent) << retry.detail;
  ASSERT_TRUE(sink.wait_for(1, seconds(10)));
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST(MailSmtp, A550IsAPermanentFailure) {
  SmtpSinkOptions options;
  options.reject = {"gone@example.net"};
  SmtpSink sink(options);
  auto result = send_smtp(settings_for(sink), {"gone@example.net"}, sample_raw());
  EXPECT_FALSE(result.sent);
  EXPECT_TRUE(result.permanent);
  EXPECT_NE(result.detail.find("550"), std::string::npos) << result.detail;
  EXPECT_NE(result.detail.find("No such user"), std::string::npos) << result.detail;
  sink.stop();
  EXPECT_TRUE(sink.messages().empty());
}

TEST(MailSmtp, AClosedPortIsATemporaryFailureReportedQuickly) {
  // A port bound but not listening refuses connections, and no other test can take it.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  SmtpSettings settings;
  settings.url = "smtp://127.0.0.1:" + std::to_string(ntohs(address.sin_port));
  settings.from = "security@pyspector.example";

  auto start = std::chrono::steady_clock::now();
  auto result = send_smtp(settings, {"reporter@example.net"}, sample_raw());
  EXPECT_LT(std::chrono::steady_clock::now() - start, seconds(10));
  close(fd);
  EXPECT_FALSE(result.sent);
  EXPECT_FALSE(result.permanent);
  EXPECT_NE(result.detail.find("connect"), std::string::npos) << result.detail;
}

TEST(MailSmtp, RequiredTlsRefusesAServerWithoutStarttls) {
  SmtpSink sink;
  SmtpSettings settings = settings_for(sink);
  settings.require_tls = true;
  auto result = send_smtp(settings, {"reporter@example.net"}, sample_raw());
  EXPECT_FALSE(result.sent);
  EXPECT_FALSE(result.detail.empty());
  sink.stop();
  EXPECT_TRUE(sink.messages().empty());
}

TEST(MailSmtp, RefusesAddressesThatWouldAddACommand) {
  SmtpSink sink;
  auto result = send_smtp(settings_for(sink),
                          {"reporter@example.net>\r\nRCPT TO:<everyone@example.net"}, sample_raw());
  EXPECT_FALSE(result.sent);
  EXPECT_TRUE(result.permanent);
  sink.stop();
  EXPECT_TRUE(sink.messages().empty());
}

}  // namespace
}  // namespace embargo::mail
