// The mail side of the store: the transactional outbox (what an announcer returns is queued in
// the same write as the change, or not at all), mail intake's duplicates and threads, and the
// outbox's delivery bookkeeping.
#include <gtest/gtest.h>

#include <stdexcept>

#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

// Queues one mail per announcement, or throws when told to, recording what it was shown.
class RecordingAnnouncer final : public Announcer {
 public:
  std::vector<OutboxItem> report_created(const Report& report, const Policy&,
                                         const std::string& token, const IntakeNotes&) override {
    if (fail) throw std::runtime_error("announcer failed");
    tokens.push_back(token);
    return {item("report.received", report)};
  }
  std::vector<OutboxItem> message_added(const Report& report, const Policy&,
                                        const Message& message) override {
    if (message.internal) return {};
    return {item("report.message", report)};
  }
  std::vector<OutboxItem> state_changed(const Report& report, const Policy&,
                                        const Transition&) override {
    return {item("report.state", report)};
  }

  bool fail = false;
  std::vector<std::string> tokens;

 private:
  OutboxItem item(const std::string& event, const Report& report) {
    OutboxItem i;
    i.event = event;
    i.recipient = "reporter@example.org";
    i.message_id = event + "." + report.id + "." + std::to_string(++sent_) + "@desk.example";
    i.payload = "sealed";
    return i;
  }
  int sent_ = 0;
};

class StoreMailTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    store_->apply_program(test_policy("acme"), test_policy_source("acme"), "test");
    announcer_ = std::make_shared<RecordingAnnouncer>();
    store_->mail().set_announcer(announcer_);
  }

  Submission submission(const std::string& title) {
    Submission s;
    s.program = "acme";
    s.fields[ReportField::title] = title;
    s.fields[ReportField::description] = "The description of " + title;
    s.fields[ReportField::reporter_email] = "reporter@example.org";
    s.consented = true;
    return s;
  }

  std::shared_ptr<RecordingAnnouncer> announcer_;
};

TEST_F(StoreMailTest, WhatAWriteAnnouncesIsQueuedWithItAndRecordedAsSent) {
  auto created = store_->create_report(submission("One"), "test");
  ASSERT_EQ(announcer_->tokens, std::vector<std::string>{created.tracking_token});
  auto queued = store_->mail().due_outbox(now(), 10);
  ASSERT_EQ(queued.size(), 1U);
  EXPECT_EQ(queued[0].item.event, "report.received");
  EXPECT_EQ(queued[0].report, created.report.id);
  EXPECT_EQ(queued[0].item.payload, "sealed");
  // The report knows the Message-ID it sent: a reply naming it will find the thread.
  EXPECT_EQ(created.report.mail.message_ids, std::vector<std::string>{queued[0].item.message_id});

  NewMessage note{Actor::team, "handler@example.org", true, "internal", {}};
  store_->add_message(created.report.id, note);
  EXPECT_EQ(store_->mail().due_outbox(now(), 10).size(), 1U);
  NewMessage answer{Actor::team, "handler@example.org", false, "Thanks", {}};
  store_->add_message(created.report.id, answer);
  EXPECT_EQ(store_->mail().due_outbox(now(), 10).size(), 2U);

  store_->mail().outbox_sent(queued[0].key, now());
  auto listed = store_->mail().list_outbox({"sent", 10});
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].attempts, 1);
  EXPECT_TRUE(listed[0].sent_at.has_value());
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE state = 'sent' AND payload = ''"), 1);
}

TEST_F(StoreMailTest, AFailingAnnouncementRollsTheChangeBack) {
  announcer_->fail = true;
  try {
    store_->create_report(submission("Two"), "test");
    ADD_FAILURE() << "the report was stored although its announcement failed";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "announcer failed");
  }
  EXPECT_EQ(count("SELECT count(*) FROM reports"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM outbox"), 0);
}

TEST_F(StoreMailTest, ARetryWaitsAndAFinalFailureDropsThePayload) {
  store_->create_report(submission("Three"), "test");
  auto item = store_->mail().due_outbox(now(), 10).at(0);
  store_->mail().outbox_attempt_failed(item.key, now(), "451 try later",
                                       now() + std::chrono::minutes(1));
  EXPECT_TRUE(store_->mail().due_outbox(now(), 10).empty());
  EXPECT_EQ(store_->mail().due_outbox(now() + std::chrono::minutes(2), 10).size(), 1U);
  store_->mail().outbox_attempt_failed(item.key, now(), "550 no such user", std::nullopt);
  auto failed = store_->mail().list_outbox({"failed", 10});
  ASSERT_EQ(failed.size(), 1U);
  EXPECT_EQ(failed[0].attempts, 2);
  EXPECT_EQ(failed[0].last_error, "550 no such user");
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE payload != ''"), 0);
  EXPECT_THROW(store_->mail().list_outbox({"lost", 10}), Refusal);
}

TEST_F(StoreMailTest, AMailIsANewReportAReplyOrADuplicate) {
  IncomingMail first;
  first.message_id = "first@reporter.example";
  first.submission = submission("By mail");
  first.submission.channel = "api";
  first.raw = "From: reporter@example.org\r\n\r\nraw bytes\r\n";
  first.security.encrypted = true;
  first.security.signature = "valid";
  first.reporter_key = OpenPgpKey{"ABCDEF", "-----BEGIN PGP PUBLIC KEY BLOCK-----"};
  auto created = store_->mail().receive_mail(first);
  ASSERT_EQ(created.kind, MailReceived::Kind::created);
  EXPECT_FALSE(created.tracking_token.empty());
  auto report = store_->find_report(created.report);
  ASSERT_TRUE(report);
  EXPECT_EQ(report->mail.reporter_key, "ABCDEF");
  // The receipt answers the reporter's mail: its id came first in the thread.
  ASSERT_EQ(report->mail.message_ids.size(), 2U);
  EXPECT_EQ(report->mail.message_ids[0], "first@reporter.example");
  std::string receipt_id = report->mail.message_ids[1];

  auto again = store_->mail().receive_mail(first);
  EXPECT_EQ(again.kind, MailReceived::Kind::duplicate);
  EXPECT_EQ(again.report, created.report);
  EXPECT_EQ(count("SELECT count(*) FROM reports"), 1);

  IncomingMail reply;
  reply.message_id = "second@reporter.example";
  reply.thread_ids = {receipt_id};
  reply.submission = submission("Not a new report");
  reply.reply.body = "More details";
  reply.raw = "raw reply";
  auto replied = store_->mail().receive_mail(reply);
  EXPECT_EQ(replied.kind, MailReceived::Kind::replied);
  EXPECT_EQ(replied.report, created.report);
  EXPECT_EQ(store_->find_report(created.report)->messages.back().body, "More details");

  // Naming the reporter's own Message-ID proves nothing: only mail the store sent opens a thread.
  IncomingMail stranger;
  stranger.message_id = "third@elsewhere.example";
  stranger.thread_ids = {"first@reporter.example"};
  stranger.submission = submission("A stranger's report");
  stranger.reply.body = "let me in";
  EXPECT_EQ(store_->mail().receive_mail(stranger).kind, MailReceived::Kind::created);

  auto mails = store_->mail().incoming_mails(created.report);
  ASSERT_EQ(mails.size(), 2U);
  EXPECT_EQ(mails[0].seq, 0);
  EXPECT_EQ(mails[0].raw, first.raw);
  EXPECT_TRUE(mails[0].security.encrypted);
  EXPECT_EQ(mails[0].security.signature, "valid");
  EXPECT_EQ(mails[1].seq, replied.seq);
  EXPECT_EQ(mails[1].raw, "raw reply");
  EXPECT_FALSE(mails[1].security.encrypted);
}

}  // namespace
}  // namespace embargo::store::testing
