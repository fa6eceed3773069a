// Mail in and out, end to end with real parts: `embargo mail receive` as an MTA's pipe would
// run it, a real `embargo serve` whose outbox delivers to a real SMTP server (aiosmtpd), and a
// reporter's GnuPG (the gpg command line) for PyFlashBackup's encrypted mail.
#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <memory>
#include <regex>
#include <string>
#include <thread>

#include "core/state.h"
#include "gpg_cli.h"
#include "mail_text.h"
#include "smtp_sink.h"
#include "test_server.h"

namespace embargo::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kHandler = "handler@example.org";

// The value of a header of a raw message (the first one; unfolded), or "".
std::string header(const std::string& raw, const std::string& name) {
  std::regex re("(^|\n)" + name + ": ?([^\r\n]*(\r?\n[ \t][^\r\n]*)*)", std::regex::icase);
  std::smatch m;
  if (!std::regex_search(raw, m, re)) return "";
  return std::regex_replace(m[2].str(), std::regex("\r?\n[ \t]+"), " ");
}

std::string angle_free(std::string id) {
  if (id.size() >= 2 && id.front() == '<' && id.back() == '>') id = id.substr(1, id.size() - 2);
  return id;
}

// The text of a received mail's body, decoded (quoted-printable) through GMime.
std::string body_text(const std::string& raw) {
  g_mime_init();
  GMimeStream* stream = g_mime_stream_mem_new_with_buffer(raw.data(), raw.size());
  GMimeParser* parser = g_mime_parser_new_with_stream(stream);
  GMimeMessage* message = g_mime_parser_construct_message(parser, nullptr);
  std::string text;
  if (message != nullptr) {
    GMimeObject* body = g_mime_message_get_mime_part(message);
    if (body != nullptr && GMIME_IS_TEXT_PART(body)) {
      char* t = g_mime_text_part_get_text(GMIME_TEXT_PART(body));
      text = t;
      g_free(t);
    }
    g_object_unref(message);
  }
  g_object_unref(parser);
  g_object_unref(stream);
  return text;
}

class MailTest : public ::testing::Test {
 protected:
  // The handler, quiet, with an API token, prepared once; each case then points the server at
  // its own SMTP sink.
  void SetUp() override {
    sink_ = std::make_unique<SmtpSink>();
    server_ = std::make_unique<TestServer>(
        "mail",
        std::vector<std::string>{
            "pykour.toml", "pyflashbackup.toml",
            std::string(EMBARGO_SOURCE_DIR) + "/tests/data/policies/project_by_mail.toml"},
        [](TestServer& server) {
          server.add_member(kHandler, "pykour", "handler");
          server.add_member(kHandler, "pyflashbackup", "handler");
          quiet(server, kHandler);
          auto token =
              server.cli("token create --user " + std::string(kHandler) + " --scope triage");
          ASSERT_EQ(token.status, 0) << token.out;
          server.remember("token", token.out.substr(0, token.out.find_first_of(" \n")));
        });
    auto configured = server_->cli("settings mail --smtp-url " + sink_->url() +
                                   " --from desk@embargo.test --public-url http://127.0.0.1:" +
                                   std::to_string(server_->port()));
    ASSERT_EQ(configured.status, 0) << configured.out;
    token_ = server_->recall("token");
  }
  void TearDown() override {
    // GnuPG's agent keeps running in the instance's keyring; it must be gone before its
    // directory is removed.
    if (server_) kill_gpg_agents(server_->data() / "gnupg");
    server_.reset();
    sink_.reset();
  }

  // The member hears nothing by mail (team_mail_test.cc is about what they hear), so that every
  // mail the sink gets here is one to a reporter.
  static void quiet(const TestServer& server, const std::string& email) {
    Browser member(server);
    ASSERT_TRUE(member.sign_in(email, kPassword));
    member.get("/account");
    auto saved = member.post("/account/notifications", {{"mode", "off"}});
    ASSERT_EQ(saved.result(), bh::status::see_other) << saved.body();
  }

  static CommandOutput receive(const std::string& mail, const std::string& args = "") {
    return server_->cli("mail receive " + args, mail);
  }

  // The report id `mail receive` printed ("new report ID").
  static std::string new_report(const CommandOutput& out) {
    EXPECT_EQ(out.status, 0) << out.out;
    EXPECT_EQ(out.out.rfind("new report ", 0), 0U) << out.out;
    std::string id = out.out.substr(std::string("new report ").size());
    return id.substr(0, id.find('\n'));
  }

  // The next mail the sink receives.
  static SinkMessage next_mail() {
    std::size_t seen = delivered_;
    EXPECT_TRUE(sink_->wait_for(seen + 1, 20s)) << "no mail arrived";
    auto all = sink_->messages();
    if (all.size() <= seen) return {};
    delivered_ = seen + 1;
    return all[seen];
  }

  static HttpResponse team_post(const std::string& target, const std::string& body) {
    HttpRequest request{bh::verb::post, target, 11};
    request.set(bh::field::authorization, "Bearer " + token_);
    request.set(bh::field::content_type, "application/json");
    request.body() = body;
    return server_->send(request);
  }

  // The state of the outbox item with this Message-ID once it has left "queued" (the sink has a
  // mail a moment before the outbox records it as sent), as `embargo mail outbox --json` says.
  static std::string outbox_state(const std::string& message_id) {
    std::string state;
    for (int i = 0; i < 100 && (state.empty() || state == "queued"); ++i) {
      if (i > 0) std::this_thread::sleep_for(100ms);
      json::value listed = json::parse(server_->cli("mail outbox --json").out);
      for (const auto& item : listed.as_array()) {
        if (item.at("message_id").as_string() == message_id) {
          state = std::string(item.at("state").as_string());
        }
      }
    }
    return state;
  }

  static HttpResponse get(const std::string& target) {
    return server_->send(HttpRequest{bh::verb::get, target, 11});
  }

  static std::unique_ptr<SmtpSink> sink_;
  static std::unique_ptr<TestServer> server_;
  static std::string token_;
  static std::size_t delivered_;
};

std::unique_ptr<SmtpSink> MailTest::sink_;
std::unique_ptr<TestServer> MailTest::server_;
std::string MailTest::token_;
std::size_t MailTest::delivered_ = 0;

// Pykour takes reports by mail to its lead maintainer, whose mailbox pipes into Embargo: the
// report, the receipt with its tracking link, the team's answer by mail, and the reporter's
// answer to that mail in the same thread.
TEST_F(MailTest, PykourReportByMailIsAnsweredAndThreadedBothWays) {
  std::string report_mail = crlf(
      "From: =?UTF-8?Q?Zo=C3=AB_Tester?= <zoe@reporter.example>\n"
      "To: lead@pykour.example\n"
      "Subject: Path traversal in Pykour's static file route\n"
      "Message-ID: <first.1@reporter.example>\n"
      "Date: Sun, 06 Dec 2026 10:00:00 +0000\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/mixed; boundary=b1\n"
      "\n"
      "--b1\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "\n"
      "GET /static/..%2f..%2fetc/passwd returns the file.\n"
      "--b1\n"
      "Content-Type: text/x-python; name=poc.py\n"
      "Content-Disposition: attachment; filename=poc.py\n"
      "\n"
      "print('poc')\n"
      "--b1--\n");
  std::string id = new_report(receive(report_mail, "--program pykour"));
  EXPECT_EQ(id.rfind("PYKOUR-", 0), 0U) << id;

  SinkMessage receipt = next_mail();
  ASSERT_EQ(receipt.rcpt_tos, std::vector<std::string>{"zoe@reporter.example"});
  EXPECT_EQ(angle_free(header(receipt.raw, "In-Reply-To")), "first.1@reporter.example");
  EXPECT_NE(header(receipt.raw, "Auto-Submitted").find("auto-generated"), std::string::npos);
  std::string reply_to = header(receipt.raw, "Reply-To");
  EXPECT_NE(reply_to.find("+r.pykour-"), std::string::npos) << reply_to;
  std::string text = body_text(receipt.raw);
  EXPECT_NE(text.find(id), std::string::npos) << text;
  // Pykour accepts no files: the report is kept, and the receipt says the file was not.
  EXPECT_NE(text.find("poc.py: this program accepts no files"), std::string::npos) << text;
  std::smatch link;
  ASSERT_TRUE(
      std::regex_search(text, link, std::regex("http://127\\.0\\.0\\.1:\\d+(/r/[A-Za-z0-9_-]+)")))
      << text;
  auto thread = get(link[1].str());
  EXPECT_EQ(thread.result(), bh::status::ok);
  EXPECT_NE(thread.body().find("etc/passwd"), std::string::npos);

  // The team answers on the desk; the reporter gets it by mail, threaded under the receipt.
  auto answered = team_post("/api/v1/reports/" + id + "/messages",
                            R"({"body": "Confirmed. Which version did you test?",)"
                            R"( "visibility": "reporter"})");
  ASSERT_EQ(answered.result(), bh::status::created) << answered.body();
  SinkMessage answer = next_mail();
  EXPECT_EQ(angle_free(header(answer.raw, "In-Reply-To")),
            angle_free(header(receipt.raw, "Message-ID")));
  EXPECT_NE(body_text(answer.raw).find("Which version did you test?"), std::string::npos);
  // An internal note never leaves the desk.
  auto note = team_post("/api/v1/reports/" + id + "/messages",
                        R"({"body": "internal: check 2.1 too", "visibility": "internal"})");
  ASSERT_EQ(note.result(), bh::status::created) << note.body();

  // The reporter answers the mail; the answer joins the same thread, quote left out.
  std::string reporter_reply = crlf(
      "From: zoe@reporter.example\n"
      "To: " +
      header(answer.raw, "Reply-To") +
      "\n"
      "Subject: Re: " +
      header(answer.raw, "Subject") +
      "\n"
      "Message-ID: <second.2@reporter.example>\n"
      "In-Reply-To: " +
      header(answer.raw, "Message-ID") +
      "\n"
      "Content-Type: text/plain; charset=utf-8\n"
      "\n"
      "Version 2.1.0 from PyPI.\n"
      "\n"
      "On Sun, 6 Dec 2026, Pykour security team wrote:\n"
      "> Confirmed. Which version did you test?\n");
  auto replied = receive(reporter_reply);
  EXPECT_EQ(replied.status, 0) << replied.out;
  EXPECT_EQ(replied.out, "reply to " + id + "\n");
  auto track = get("/api/v1/track/" + link[1].str().substr(3));
  ASSERT_EQ(track.result(), bh::status::ok) << track.body();
  EXPECT_NE(track.body().find("Version 2.1.0 from PyPI."), std::string::npos) << track.body();
  EXPECT_EQ(track.body().find("> Confirmed"), std::string::npos) << track.body();
  EXPECT_EQ(track.body().find("check 2.1 too"), std::string::npos);

  // The MTA delivering the same mail again changes nothing.
  auto again = receive(reporter_reply);
  EXPECT_EQ(again.status, 0);
  EXPECT_NE(again.out.find("already received"), std::string::npos) << again.out;

  // Nothing else was sent: the note and the reporter's own answer are not mailed to the reporter.
  EXPECT_FALSE(sink_->wait_for(delivered_ + 1, 3s));

  // The team reads each mail as received; only the program's team may.
  Browser handler(*server_);
  ASSERT_TRUE(handler.sign_in(kHandler, kPassword));
  auto page = handler.get("/desk/reports/" + id);
  EXPECT_NE(page.body().find("The report by mail"), std::string::npos);
  EXPECT_NE(page.body().find("arrived unencrypted; not signed"), std::string::npos);
  auto raw = handler.get("/desk/reports/" + id + "/mails/1");
  ASSERT_EQ(raw.result(), bh::status::ok);
  EXPECT_EQ(raw.body(), report_mail);
  EXPECT_NE(raw[bh::field::content_disposition].find(id + "-mail-1.eml"), std::string::npos);
  EXPECT_EQ(handler.get("/desk/reports/" + id + "/mails/2").body(), reporter_reply);
  EXPECT_EQ(handler.get("/desk/reports/" + id + "/mails/3").result(), bh::status::not_found);
  server_->add_member("outsider@example.org", "project", "owner");
  quiet(*server_, "outsider@example.org");
  Browser outsider(*server_);
  ASSERT_TRUE(outsider.sign_in("outsider@example.org", kPassword));
  auto refused = outsider.get("/desk/reports/" + id + "/mails/1");
  EXPECT_EQ(refused.result(), bh::status::not_found);
  EXPECT_EQ(refused.body().find("etc/passwd"), std::string::npos);
  Browser anonymous(*server_);
  auto signed_out = anonymous.get("/desk/reports/" + id + "/mails/1");
  EXPECT_NE(signed_out.result(), bh::status::ok);
  EXPECT_EQ(signed_out.body().find("etc/passwd"), std::string::npos);
}

// A project taking reports at its own address (the example project's policy with one,
// tests/data/policies/project_by_mail.toml): the MTA pipes without naming a program,
// the recipient header decides, and its form's required fields and consent do not apply to a
// letter; the receipt quotes the program's own promises, and nothing it never promised.
TEST_F(MailTest, ProjectPolicyReportByMailIsFiledByItsRecipient) {
  std::string id =
      new_report(receive(crlf("From: Ana <ana@reporter.example>\n"
                              "To: Security <security@project.example>\n"
                              "Subject: XSS in the search page\n"
                              "Message-ID: <xss.1@reporter.example>\n"
                              "\n"
                              "The q parameter is echoed unescaped.\n")));
  EXPECT_EQ(id.rfind("PROJECT-", 0), 0U) << id;
  SinkMessage receipt = next_mail();
  ASSERT_EQ(receipt.rcpt_tos, std::vector<std::string>{"ana@reporter.example"});
  std::string text = body_text(receipt.raw);
  EXPECT_NE(text.find("Hello Ana,"), std::string::npos) << text;
  EXPECT_NE(header(receipt.raw, "Reply-To").find("security+r.project-"), std::string::npos);
  EXPECT_EQ(text.find("Not kept"), std::string::npos) << text;
}

// "Lost your link?": the reporter asks by address and gets a new link to each open report of
// that address, by mail only; the page says the same for an address without reports.
TEST_F(MailTest, LostLinksAreMailedToTheAddressOnly) {
  std::vector<std::string> ids;
  for (int n = 1; n <= 2; ++n) {
    ids.push_back(new_report(
        receive(crlf("From: lost@reporter.example\nTo: lead@pykour.example\nSubject: finding " +
                     std::to_string(n) + "\nMessage-ID: <lost." + std::to_string(n) +
                     "@reporter.example>\n\nFinding number " + std::to_string(n) + ".\n"),
                "--program pykour")));
    next_mail();  // its receipt
  }
  Browser reporter(*server_);
  auto form = reporter.get("/lost-link");
  ASSERT_EQ(form.result(), bh::status::ok);
  auto asked = reporter.post("/lost-link", {{"email", "LOST@reporter.example"}});
  ASSERT_EQ(asked.result(), bh::status::ok) << asked.body();
  EXPECT_NE(asked.body().find("is on its way to that address"), std::string::npos);

  SinkMessage links = next_mail();
  ASSERT_EQ(links.rcpt_tos, std::vector<std::string>{"lost@reporter.example"});
  std::string text = body_text(links.raw);
  std::regex link_re("http://127\\.0\\.0\\.1:\\d+(/r/[A-Za-z0-9_-]+)");
  std::vector<std::string> paths;
  for (std::sregex_iterator it(text.begin(), text.end(), link_re), end; it != end; ++it) {
    paths.push_back((*it)[1].str());
  }
  ASSERT_EQ(paths.size(), 2U) << text;
  for (std::size_t i = 0; i < 2; ++i) {
    EXPECT_NE(text.find(ids[i]), std::string::npos) << text;
    auto thread = get(paths[i]);
    EXPECT_EQ(thread.result(), bh::status::ok);
    EXPECT_NE(thread.body().find("Finding number " + std::to_string(i + 1)), std::string::npos);
  }

  // An address without reports gets the same answer, and no mail.
  auto unknown = reporter.post("/lost-link", {{"email", "nobody@reporter.example"}});
  EXPECT_EQ(unknown.result(), bh::status::ok);
  EXPECT_NE(unknown.body().find("is on its way to that address"), std::string::npos);
  // No more than three such mails an hour go to one address, however often it is asked.
  for (int i = 0; i < 4; ++i) reporter.post("/lost-link", {{"email", "lost@reporter.example"}});
  EXPECT_TRUE(sink_->wait_for(delivered_ + 2, 20s));
  EXPECT_FALSE(sink_->wait_for(delivered_ + 3, 3s));
  for (const auto& m : sink_->messages()) {
    EXPECT_EQ(std::find(m.rcpt_tos.begin(), m.rcpt_tos.end(), "nobody@reporter.example"),
              m.rcpt_tos.end());
  }
  delivered_ += 2;

  // A post without the form's token is refused and sends nothing.
  Browser stranger(*server_);
  auto forged = stranger.post("/lost-link", {{"email", "lost@reporter.example"}}, false);
  EXPECT_EQ(forged.result(), bh::status::forbidden);
  auto bad = reporter.post("/lost-link", {{"email", "not an address"}});
  EXPECT_EQ(bad.result(), bh::status::unprocessable_entity);
  EXPECT_NE(bad.body().find("is not an e-mail address"), std::string::npos);
}

// A delivery status notification as Postfix sends it, about the mail `returned_id` to `address`.
std::string bounce_of(const std::string& address, const std::string& returned_id) {
  return crlf(
      "From: MAILER-DAEMON@mx.reporter.example (Mail Delivery System)\n"
      "To: desk@embargo.test\n"
      "Subject: Undelivered Mail Returned to Sender\n"
      "Auto-Submitted: auto-replied\n"
      "Message-ID: <dsn." +
      returned_id +
      ">\n"
      "MIME-Version: 1.0\n"
      "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n"
      "\n"
      "--B\n"
      "Content-Type: text/plain\n"
      "\n"
      "Your message could not be delivered.\n"
      "--B\n"
      "Content-Type: message/delivery-status\n"
      "\n"
      "Reporting-MTA: dns; mx.reporter.example\n"
      "\n"
      "Final-Recipient: rfc822; " +
      address +
      "\n"
      "Action: failed\n"
      "Status: 5.1.1\n"
      "Diagnostic-Code: smtp; 550 5.1.1 User unknown\n"
      "--B\n"
      "Content-Type: text/rfc822-headers\n"
      "\n"
      "To: " +
      address +
      "\n"
      "Message-ID: <" +
      returned_id +
      ">\n"
      "--B--\n");
}

// A receipt that bounces: the notification marks the address, the team's answer is kept as
// failed instead of sent (the desk says why), a forged notification changes nothing, and a mail
// from the address lifts the mark.
// Each move the team makes reaches the reporter by mail in the words their thread uses
// (core/state.h describe_for_reporter), with the team's reason where it is owed to them; they are
// invited to answer while the report is open, and not once it is closed.
TEST_F(MailTest, TheTeamsMovesAreMailedToTheReporterWithTheReasonsOwedToThem) {
  std::string id = new_report(
      receive(crlf("From: Lee <lee@reporter.example>\nTo: lead@pykour.example\n"
                   "Subject: moves\nMessage-ID: <moves.1@reporter.example>\n\nA finding.\n"),
              "--program pykour"));
  next_mail();  // the receipt

  auto moved =
      team_post("/api/v1/reports/" + id + "/transitions",
                R"({"to": "needs_info", "reason": "Which version of Pykour did you run?"})");
  ASSERT_EQ(moved.result(), bh::status::ok) << moved.body();
  SinkMessage asked = next_mail();
  EXPECT_EQ(header(asked.raw, "Subject"),
            "[" + id + "] Your report to Pykour: " +
                std::string(describe_for_reporter(State::needs_info)));
  std::string text = body_text(asked.raw);
  EXPECT_NE(text.find("Your report " + id + " to Pykour changed: " +
                      std::string(describe_for_reporter(State::needs_info))),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("The team's words:"), std::string::npos) << text;
  EXPECT_NE(text.find("Which version of Pykour did you run?"), std::string::npos) << text;
  EXPECT_NE(text.find("Answer this mail to reply"), std::string::npos) << text;

  moved = team_post("/api/v1/reports/" + id + "/transitions",
                    R"({"to": "not_applicable", "reason": "The behaviour is documented."})");
  ASSERT_EQ(moved.result(), bh::status::ok) << moved.body();
  text = body_text(next_mail().raw);
  EXPECT_NE(text.find(std::string(describe_for_reporter(State::not_applicable))), std::string::npos)
      << text;
  EXPECT_NE(text.find("The behaviour is documented."), std::string::npos) << text;
  EXPECT_EQ(text.find("Answer this mail"), std::string::npos) << "a closed report takes no answer";
}

TEST_F(MailTest, ABouncedAddressGetsNoMoreMailUntilItWrites) {
  std::string id =
      new_report(receive(crlf("From: gone@reporter.example\nTo: lead@pykour.example\n"
                              "Subject: bounce me\nMessage-ID: <bounce.1@reporter.example>\n\n"
                              "A finding.\n"),
                         "--program pykour"));
  SinkMessage receipt = next_mail();
  std::string receipt_id = angle_free(header(receipt.raw, "Message-ID"));
  // The sink has the mail a moment before the outbox records it as sent.
  ASSERT_EQ(outbox_state(receipt_id), "sent");

  auto forged = receive(bounce_of("gone@reporter.example", "guessed@embargo.test"));
  EXPECT_EQ(forged.status, 0) << forged.out;
  EXPECT_NE(forged.out.find("names no mail sent to it from here; ignored"), std::string::npos)
      << forged.out;
  auto bounced = receive(bounce_of("gone@reporter.example", receipt_id));
  EXPECT_EQ(bounced.status, 0) << bounced.out;
  EXPECT_EQ(bounced.out,
            "bounced: gone@reporter.example: no more mail goes to it until it writes to us "
            "again\n");

  auto held = team_post("/api/v1/reports/" + id + "/messages",
                        R"({"body": "Can you hear us?", "visibility": "reporter"})");
  ASSERT_EQ(held.result(), bh::status::created) << held.body();
  EXPECT_FALSE(sink_->wait_for(delivered_ + 1, 3s)) << "mail went to a bounced address";
  auto outbox = server_->cli("mail outbox --json");
  EXPECT_NE(outbox.out.find("not sent: mail to gone@reporter.example bounced on"),
            std::string::npos)
      << outbox.out;
  Browser handler(*server_);
  ASSERT_TRUE(handler.sign_in(kHandler, kPassword));
  auto page = handler.get("/desk/reports/" + id);
  EXPECT_NE(page.body().find("<strong>gone@reporter.example</strong> bounced on"),
            std::string::npos);
  EXPECT_NE(page.body().find("5.1.1 550 5.1.1 User unknown"), std::string::npos);
  // The admin sees on the desk what the outbox kept, and why; nobody else does.
  Browser admin(*server_);
  ASSERT_TRUE(admin.sign_in(server_->admin_email(), server_->admin_password()));
  auto failed = admin.get("/desk/admin/outbox?state=failed");
  ASSERT_EQ(failed.result(), bh::status::ok);
  EXPECT_NE(failed.body().find("<td>" + id + "</td><td>gone@reporter.example</td><td>failed</td>"),
            std::string::npos)
      << failed.body();
  EXPECT_NE(failed.body().find("bounced: 5.1.1 550 5.1.1 User unknown"), std::string::npos);
  EXPECT_NE(failed.body().find("not sent: mail to gone@reporter.example bounced on"),
            std::string::npos);
  EXPECT_EQ(admin.get("/desk/admin/outbox?state=lost").result(), bh::status::unprocessable_entity);
  EXPECT_EQ(handler.get("/desk/admin/outbox").result(), bh::status::not_found);

  auto back =
      receive(crlf("From: gone@reporter.example\nTo: lead@pykour.example\n"
                   "Subject: Re: bounce me\nMessage-ID: <bounce.2@reporter.example>\n"
                   "In-Reply-To: <" +
                   receipt_id + ">\n\nMy mailbox is fixed.\n"));
  EXPECT_EQ(back.out, "reply to " + id + "\n");
  auto answered = team_post("/api/v1/reports/" + id + "/messages",
                            R"({"body": "Now we hear you.", "visibility": "reporter"})");
  ASSERT_EQ(answered.result(), bh::status::created) << answered.body();
  SinkMessage answer = next_mail();
  EXPECT_EQ(answer.rcpt_tos, std::vector<std::string>{"gone@reporter.example"});
  EXPECT_NE(body_text(answer.raw).find("Now we hear you."), std::string::npos);
  EXPECT_EQ(handler.get("/desk/reports/" + id).body().find("bounced on"), std::string::npos);
}

// A sender whose mails keep coming (a loop between two robots, or a flood) gets a few receipts an
// hour; the reports are kept, unanswered.
TEST_F(MailTest, ReceiptsToOneSenderAreLimitedPerHour) {
  for (int i = 1; i <= 7; ++i) {
    new_report(receive(crlf("From: robot@reporter.example\nTo: lead@pykour.example\n"
                            "Subject: ticket " +
                            std::to_string(i) + "\nMessage-ID: <robot." + std::to_string(i) +
                            "@reporter.example>\n\nTicket number " + std::to_string(i) + ".\n"),
                       "--program pykour"));
  }
  EXPECT_TRUE(sink_->wait_for(delivered_ + 5, 20s));
  EXPECT_FALSE(sink_->wait_for(delivered_ + 6, 3s));
  delivered_ += 5;
}

// A reply naming no mail the report sent, with a forged reply address, joins nothing.
TEST_F(MailTest, AForgedReplyAddressOpensNoThread) {
  auto out =
      receive(crlf("From: mallory@evil.example\n"
                   "To: lead+r.pykour-2026-0001.00000000000000000000@pykour.example\n"
                   "Subject: let me in\n"
                   "Message-ID: <forged@evil.example>\n"
                   "\n"
                   "Adding to your report.\n"));
  EXPECT_EQ(out.status, 67) << out.out;
}

// PyFlashBackup asks for PGP: the reporter encrypts to the program's key with their own key
// attached; the receipt comes back encrypted to that key.
TEST_F(MailTest, PyFlashBackupEncryptedReportGetsAnEncryptedReceipt) {
  auto generated = server_->cli("program key generate pyflashbackup");
  ASSERT_EQ(generated.status, 0) << generated.out;
  auto exported = server_->cli("program key export pyflashbackup");
  ASSERT_EQ(exported.status, 0) << exported.out;
  ASSERT_NE(exported.out.find("BEGIN PGP PUBLIC KEY BLOCK"), std::string::npos);
  // Reporters fetch it from the program's pages; a program without a key has none to serve.
  auto served = get("/p/pyflashbackup/pgp-key.asc");
  EXPECT_EQ(served.result(), bh::status::ok);
  EXPECT_EQ(served.body(), exported.out);
  EXPECT_EQ(served[bh::field::content_type], "application/pgp-keys");
  EXPECT_EQ(get("/p/pykour/pgp-key.asc").result(), bh::status::not_found);

  GpgHome reporter;
  std::string fingerprint = reporter.generate("Ivan Reporter <ivan@reporter.example>");
  // security.txt names the key and is signed with it (RFC 9116 section 2.3); a reporter's gpg
  // verifies it.
  reporter.import(exported.out);
  auto security_txt = get("/p/pyflashbackup/security.txt");
  ASSERT_EQ(security_txt.result(), bh::status::ok);
  EXPECT_EQ(security_txt.body().rfind("-----BEGIN PGP SIGNED MESSAGE-----", 0), 0U);
  EXPECT_NE(
      security_txt.body().find("Encryption: http://127.0.0.1:" + std::to_string(server_->port()) +
                               "/p/pyflashbackup/pgp-key.asc"),
      std::string::npos)
      << security_txt.body();
  EXPECT_TRUE(reporter.verify(security_txt.body()));
  EXPECT_EQ(get("/p/pykour/security.txt").body().find("PGP"), std::string::npos);
  std::string own_key = reporter.export_public(fingerprint);
  std::string inner = crlf(
                          "Content-Type: multipart/mixed; boundary=in1\n"
                          "\n"
                          "--in1\n"
                          "Content-Type: text/plain; charset=utf-8\n"
                          "\n"
                          "The backup archive is written world-readable (mode 0644) in /tmp.\n"
                          "--in1\n"
                          "Content-Type: application/pgp-keys; name=ivan.asc\n"
                          "Content-Disposition: attachment; filename=ivan.asc\n"
                          "\n") +
                      own_key + crlf("--in1--\n");
  std::string ciphertext = reporter.encrypt(inner, exported.out, fingerprint);
  std::string mail =
      crlf(
          "From: Ivan Reporter <ivan@reporter.example>\n"
          "To: stas-chubar@yandex.ru\n"
          "Subject: ...\n"
          "Message-ID: <enc.1@reporter.example>\n"
          "MIME-Version: 1.0\n"
          "Content-Type: multipart/encrypted; protocol=\"application/pgp-encrypted\"; boundary=e1\n"
          "\n"
          "--e1\n"
          "Content-Type: application/pgp-encrypted\n"
          "\n"
          "Version: 1\n"
          "--e1\n"
          "Content-Type: application/octet-stream; name=encrypted.asc\n"
          "\n") +
      ciphertext + crlf("--e1--\n");
  std::string id = new_report(receive(mail, "--recipient stas-chubar@yandex.ru"));
  EXPECT_EQ(id.rfind("PYFLASHBACKUP-", 0), 0U) << id;

  SinkMessage receipt = next_mail();
  ASSERT_EQ(receipt.rcpt_tos, std::vector<std::string>{"ivan@reporter.example"});
  EXPECT_NE(header(receipt.raw, "Content-Type").find("multipart/encrypted"), std::string::npos);
  std::size_t begin = receipt.raw.find("-----BEGIN PGP MESSAGE-----");
  std::size_t end = receipt.raw.find("-----END PGP MESSAGE-----");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  // Outside the armored ciphertext (whose base64 may hold "/r/" by chance) no link shows.
  std::string outside = receipt.raw.substr(0, begin) + receipt.raw.substr(end);
  EXPECT_EQ(outside.find("/r/"), std::string::npos) << "the tracking link went out in clear";
  std::string plain = reporter.decrypt(receipt.raw.substr(begin, end + 25 - begin));
  EXPECT_NE(plain.find(id), std::string::npos) << plain;
  std::smatch link;
  ASSERT_TRUE(std::regex_search(plain, link, std::regex("/r/([A-Za-z0-9_-]{43})"))) << plain;
  EXPECT_EQ(receipt.raw.find(link[1].str()), std::string::npos)
      << "the tracking token went out in clear";

  // The team sees that the report arrived encrypted and signed by the reporter's key, and that
  // mail to the reporter is encrypted.
  Browser handler(*server_);
  ASSERT_TRUE(handler.sign_in(kHandler, kPassword));
  auto page = handler.get("/desk/reports/" + id);
  EXPECT_NE(page.body().find("arrived encrypted; signature valid (key " + fingerprint + ")"),
            std::string::npos)
      << page.body();
  EXPECT_NE(page.body().find("encrypted to their OpenPGP key <code>" + fingerprint),
            std::string::npos);

  // The team's reply goes out encrypted too.
  auto answered = team_post("/api/v1/reports/" + id + "/messages",
                            R"({"body": "Thanks, fixing the umask.", "visibility": "reporter"})");
  ASSERT_EQ(answered.result(), bh::status::created) << answered.body();
  SinkMessage answer = next_mail();
  EXPECT_EQ(answer.raw.find("fixing the umask"), std::string::npos);
  EXPECT_NE(header(answer.raw, "Content-Type").find("multipart/encrypted"), std::string::npos);
}

// Inline PGP as a mail client sends it when told to encrypt the body: the armored block is the
// whole body, with no line after it. The report holds the plaintext, never the ciphertext.
TEST_F(MailTest, AnInlineEncryptedBodyIsStoredDecrypted) {
  auto generated = server_->cli("program key generate pyflashbackup");
  ASSERT_EQ(generated.status, 0) << generated.out;
  auto exported = server_->cli("program key export pyflashbackup");
  ASSERT_EQ(exported.status, 0) << exported.out;
  GpgHome reporter;
  std::string ciphertext = reporter.encrypt(
      "Restoring a crafted archive writes ../ entries outside the target.\n", exported.out);
  while (!ciphertext.empty() && ciphertext.back() == '\n') ciphertext.pop_back();
  std::string id = new_report(receive(crlf("From: Ivan Reporter <ivan@reporter.example>\n"
                                           "To: stas-chubar@yandex.ru\n"
                                           "Subject: Path traversal in restore\n"
                                           "Message-ID: <inline.1@reporter.example>\n"
                                           "Content-Type: text/plain; charset=utf-8\n"
                                           "\n") +
                                          crlf(ciphertext),
                                      "--recipient stas-chubar@yandex.ru"));
  auto shown = server_->cli("report show " + id);
  ASSERT_EQ(shown.status, 0) << shown.out;
  EXPECT_NE(shown.out.find("writes ../ entries outside the target"), std::string::npos)
      << shown.out;
  EXPECT_EQ(shown.out.find("BEGIN PGP MESSAGE"), std::string::npos) << shown.out;
  next_mail();  // the receipt
}

// A reporter who wrote without a key pastes one on their thread page: from then on the team's
// mail to them is encrypted to it. A secret key, or text that is no key, is refused beside the
// field and changes nothing.
TEST_F(MailTest, AKeyPastedOnTheThreadEncryptsTheTeamsMail) {
  std::string id = new_report(receive(crlf("From: Una <una@reporter.example>\n"
                                           "To: lead@pykour.example\nSubject: later key\n"
                                           "Message-ID: <key.1@reporter.example>\n\nA finding.\n"),
                                      "--program pykour"));
  SinkMessage receipt = next_mail();
  std::string text = body_text(receipt.raw);
  std::smatch link;
  ASSERT_TRUE(
      std::regex_search(text, link, std::regex("http://127\\.0\\.0\\.1:\\d+(/r/[A-Za-z0-9_-]+)")))
      << text;
  std::string thread = link[1].str();

  Browser una(*server_);
  auto page = una.get(thread);
  ASSERT_EQ(page.result(), bh::status::ok);
  EXPECT_NE(page.body().find("Mail to una@reporter.example goes out unencrypted"),
            std::string::npos);
  GpgHome reporter;
  std::string fingerprint = reporter.generate("Una Reporter <una@reporter.example>");

  auto secret = reporter.gpg({"--pinentry-mode", "loopback", "--passphrase", "", "--armor",
                              "--export-secret-keys", fingerprint});
  auto planted = una.post(thread + "/key", {{"key", secret.out}});
  EXPECT_EQ(planted.result(), bh::status::unprocessable_entity);
  EXPECT_NE(planted.body().find("holds a secret key"), std::string::npos);
  auto nonsense = una.post(thread + "/key", {{"key", "my key is on keys.openpgp.org"}});
  EXPECT_EQ(nonsense.result(), bh::status::unprocessable_entity);
  EXPECT_NE(nonsense.body().find("f-key-error"), std::string::npos);
  auto forged = una.post(thread + "/key", {{"key", reporter.export_public(fingerprint)}}, false);
  EXPECT_EQ(forged.result(), bh::status::forbidden);
  EXPECT_EQ(una.post("/r/" + std::string(43, 'A') + "/key",
                     {{"key", reporter.export_public(fingerprint)}})
                .result(),
            bh::status::not_found);

  auto saved = una.post(thread + "/key", {{"key", reporter.export_public(fingerprint)}});
  ASSERT_EQ(saved.result(), bh::status::see_other) << saved.body();
  EXPECT_NE(una.get(thread).body().find("encrypted to your OpenPGP key <code>" + fingerprint),
            std::string::npos);

  auto answered = team_post("/api/v1/reports/" + id + "/messages",
                            R"({"body": "Encrypted now, we hope.", "visibility": "reporter"})");
  ASSERT_EQ(answered.result(), bh::status::created) << answered.body();
  SinkMessage answer = next_mail();
  EXPECT_EQ(answer.raw.find("Encrypted now"), std::string::npos);
  std::size_t begin = answer.raw.find("-----BEGIN PGP MESSAGE-----");
  std::size_t end = answer.raw.find("-----END PGP MESSAGE-----");
  ASSERT_NE(begin, std::string::npos) << answer.raw;
  EXPECT_NE(reporter.decrypt(answer.raw.substr(begin, end + 25 - begin)).find("Encrypted now"),
            std::string::npos);

  // A server of the instance that never saw the key (here: the key is taken out of this
  // server's keyring) takes it from the store, and its mail is encrypted too.
  std::string home = (server_->data() / "gnupg").string();
  ASSERT_EQ(testing::run_command("gpg --homedir '" + home + "' --batch --yes --delete-keys " +
                                 fingerprint + " 2>/dev/null"),
            0);
  ASSERT_NE(testing::run_command("gpg --homedir '" + home + "' --batch --list-keys " + fingerprint +
                                 " >/dev/null 2>&1"),
            0);
  auto again = team_post("/api/v1/reports/" + id + "/messages",
                         R"({"body": "Still encrypted.", "visibility": "reporter"})");
  ASSERT_EQ(again.result(), bh::status::created) << again.body();
  SinkMessage second = next_mail();
  EXPECT_EQ(second.raw.find("Still encrypted"), std::string::npos);
  begin = second.raw.find("-----BEGIN PGP MESSAGE-----");
  end = second.raw.find("-----END PGP MESSAGE-----");
  ASSERT_NE(begin, std::string::npos) << second.raw;
  EXPECT_NE(reporter.decrypt(second.raw.substr(begin, end + 25 - begin)).find("Still encrypted"),
            std::string::npos);
}

// A report without an address gets no mail, so its thread offers no key box; a key posted
// anyway is refused with the reason at the top of the page, and nothing is kept.
TEST_F(MailTest, AReportWithoutAnAddressTakesNoKey) {
  auto submitted =
      server_->cli("report submit --program pykour " + std::string(EMBARGO_SOURCE_DIR) +
                   "/examples/demo/pykour-path-traversal.json");
  ASSERT_EQ(submitted.status, 0) << submitted.out;
  std::smatch token;
  ASSERT_TRUE(std::regex_search(submitted.out, token,
                                std::regex("tracking token \\(shown once\\): ([A-Za-z0-9_-]+)")));
  std::string thread = "/r/" + token[1].str();
  Browser reporter(*server_);
  auto page = reporter.get(thread);
  ASSERT_EQ(page.result(), bh::status::ok);
  EXPECT_EQ(page.body().find("Encrypted mail"), std::string::npos);
  GpgHome gpg;
  std::string fingerprint = gpg.generate("Sam Example <sam@example.net>");
  auto refused = reporter.post(thread + "/key", {{"key", gpg.export_public(fingerprint)}});
  EXPECT_EQ(refused.result(), bh::status::unprocessable_entity);
  EXPECT_NE(refused.body().find("This report has no e-mail address"), std::string::npos);
  EXPECT_EQ(reporter.get(thread).body().find(fingerprint), std::string::npos);
}

// What an MTA must be told: 67 for a mailbox no program reads, 65 for what is not a mail.
TEST_F(MailTest, RefusalsUseTheExitStatusesMtasUnderstand) {
  auto unknown =
      receive(crlf("From: a@b.example\nTo: nobody@nowhere.example\n"
                   "Subject: hi\nMessage-ID: <u.1@b.example>\n\ntext\n"));
  EXPECT_EQ(unknown.status, 67) << unknown.out;
  auto garbage = receive(std::string("\x01\x02\x03 not a message", 18), "--program pykour");
  EXPECT_EQ(garbage.status, 65) << garbage.out;
  auto empty = receive(crlf("From: a@b.example\nTo: x@y.example\nSubject: \n"
                            "Message-ID: <e.1@b.example>\n\n\n"),
                       "--program pykour");
  EXPECT_EQ(empty.status, 65) << empty.out;
}

}  // namespace
}  // namespace embargo::testing
