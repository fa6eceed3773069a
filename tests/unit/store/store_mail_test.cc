// The mail side of the store: the transactional outbox (what an announcer returns is queued in
// the same write as the change, or not at all), mail intake's duplicates and threads, and the
// outbox's delivery bookkeeping.
#include <gtest/gtest.h>

#include <stdexcept>

#include "core/time_source.h"
#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

// Queues one mail per announcement, or throws when told to, recording what it was shown.
class RecordingAnnouncer final : public Announcer {
 public:
  std::vector<OutboxItem> report_created(const Report& report, const Policy&,
                                         const std::string& token,
                                         const IntakeNotes& notes) override {
    if (fail) throw std::runtime_error("announcer failed");
    tokens.push_back(token);
    if (!notes.answer) return {};
    std::vector<OutboxItem> items{item("report.received", report)};
    if (team_too) {
      OutboxItem told = item("team.report_created", report);
      told.recipient = "member@example.org";
      told.team = true;
      OutboxItem line = told;
      line.recipient = "digest@example.org";
      line.payload = "sealed line " + report.id;
      line.digest = true;
      items.push_back(told);
      items.push_back(line);
    }
    return items;
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
  std::vector<OutboxItem> links_requested(const std::string& address,
                                          const std::vector<ReportLink>& links) override {
    OutboxItem i = item("report.links", links.front().report);
    i.recipient = address;
    return {i};
  }

  bool fail = false;
  bool team_too = false;  // also a team mail and a digest line for each new report
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
  auto queued = store_->mail().due_outbox(system_time().now(), 10);
  ASSERT_EQ(queued.size(), 1U);
  EXPECT_EQ(queued[0].item.event, "report.received");
  EXPECT_EQ(queued[0].report, created.report.id);
  EXPECT_EQ(queued[0].item.payload, "sealed");
  // The report knows the Message-ID it sent: a reply naming it will find the thread.
  EXPECT_EQ(created.report.mail.message_ids, std::vector<std::string>{queued[0].item.message_id});

  NewMessage note{Actor::team, "handler@example.org", true, "internal", {}};
  store_->add_message(created.report.id, note);
  EXPECT_EQ(store_->mail().due_outbox(system_time().now(), 10).size(), 1U);
  NewMessage answer{Actor::team, "handler@example.org", false, "Thanks", {}};
  store_->add_message(created.report.id, answer);
  EXPECT_EQ(store_->mail().due_outbox(system_time().now(), 10).size(), 2U);

  store_->mail().outbox_sent(queued[0].key, system_time().now());
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
  auto item = store_->mail().due_outbox(system_time().now(), 10).at(0);
  store_->mail().outbox_attempt_failed(item.key, system_time().now(), "451 try later",
                                       system_time().now() + std::chrono::minutes(1));
  EXPECT_TRUE(store_->mail().due_outbox(system_time().now(), 10).empty());
  EXPECT_EQ(store_->mail().due_outbox(system_time().now() + std::chrono::minutes(2), 10).size(),
            1U);
  store_->mail().outbox_attempt_failed(item.key, system_time().now(), "550 no such user",
                                       std::nullopt);
  auto failed = store_->mail().list_outbox({"failed", 10});
  ASSERT_EQ(failed.size(), 1U);
  EXPECT_EQ(failed[0].attempts, 2);
  EXPECT_EQ(failed[0].last_error, "550 no such user");
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE payload != ''"), 0);
  EXPECT_THROW(store_->mail().list_outbox({"lost", 10}), Refusal);
}

TEST_F(StoreMailTest, ABounceOfAMailSentHoldsMailToTheAddressUntilItWrites) {
  auto created = store_->create_report(submission("Bounced"), "test");
  auto receipt = store_->mail().due_outbox(system_time().now(), 10).at(0);
  BouncedAddress failed{"Reporter@Example.org", "5.1.1 550 User unknown", "", {}};

  // Before it is sent, or naming another mail: a notification nobody can trust.
  EXPECT_TRUE(store_->mail().record_bounce(receipt.item.message_id, {failed}).empty());
  store_->mail().outbox_sent(receipt.key, system_time().now());
  EXPECT_TRUE(store_->mail().record_bounce("guessed@desk.example", {failed}).empty());
  BouncedAddress stranger{"someone@example.net", "5.1.1", "", {}};
  EXPECT_TRUE(store_->mail().record_bounce(receipt.item.message_id, {stranger}).empty());
  EXPECT_FALSE(store_->mail().bounced_address("reporter@example.org"));

  auto marked = store_->mail().record_bounce(receipt.item.message_id, {failed});
  EXPECT_EQ(marked, std::vector<std::string>{"reporter@example.org"});
  auto bounce = store_->mail().bounced_address("REPORTER@example.org");
  ASSERT_TRUE(bounce);
  EXPECT_EQ(bounce->reason, "5.1.1 550 User unknown");
  EXPECT_EQ(bounce->message_id, receipt.item.message_id);
  auto listed = store_->mail().list_outbox({"failed", 10});
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].last_error, "bounced: 5.1.1 550 User unknown");
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE action = 'mail.bounced'"), 1);

  // The team's answer is kept, not sent.
  store_->add_message(created.report.id, {Actor::team, "handler@example.org", false, "Hi", {}});
  EXPECT_TRUE(store_->mail().due_outbox(system_time().now(), 10).empty());
  listed = store_->mail().list_outbox({"failed", 10});
  ASSERT_EQ(listed.size(), 2U);
  EXPECT_NE(listed[0].last_error.find("bounced on"), std::string::npos) << listed[0].last_error;

  // The reporter writes from the address: mail goes to it again.
  IncomingMail reply;
  reply.message_id = "alive@example.org";
  reply.reply_report = created.report.id;
  reply.sender = "reporter@example.org";
  reply.reply.body = "I am back";
  store_->mail().receive_mail(reply);
  EXPECT_FALSE(store_->mail().bounced_address("reporter@example.org"));
  store_->add_message(created.report.id, {Actor::team, "handler@example.org", false, "Ok", {}});
  auto due =
      store_->mail().due_outbox(system_time().now(), 10);  // this announcer announces the reply too
  ASSERT_EQ(due.size(), 2U);
  EXPECT_EQ(due[1].item.recipient, "reporter@example.org");
}

TEST_F(StoreMailTest, ASenderGetsAFewReceiptsAnHourThenReportsAreKeptUnanswered) {
  for (int i = 0; i < MailStore::kReceiptsPerHour + 2; ++i) {
    IncomingMail mail;
    mail.message_id = "flood." + std::to_string(i) + "@example.org";
    mail.submission = submission("Flood " + std::to_string(i));
    mail.sender = "REPORTER@example.org";
    EXPECT_EQ(store_->mail().receive_mail(mail).kind, MailReceived::Kind::created);
  }
  EXPECT_EQ(count("SELECT count(*) FROM reports"), MailStore::kReceiptsPerHour + 2);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE event = 'report.received'"),
            MailStore::kReceiptsPerHour);
  // Another sender is not held back by the first.
  IncomingMail other;
  other.message_id = "other@example.net";
  other.submission = submission("Other");
  other.submission.fields[ReportField::reporter_email] = "other@example.net";
  other.sender = "other@example.net";
  store_->mail().receive_mail(other);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE event = 'report.received'"),
            MailStore::kReceiptsPerHour + 1);
}

TEST_F(StoreMailTest, TeamMailIsNoThreadAndDigestLinesWaitADay) {
  announcer_->team_too = true;
  auto first = store_->create_report(submission("First"), "test");
  auto second = store_->create_report(submission("Second"), "test");
  // The team's mail is queued, but a reply naming it cannot join the thread.
  ASSERT_EQ(store_->mail().due_outbox(system_time().now(), 10).size(), 4U);
  EXPECT_EQ(first.report.mail.message_ids.size(), 1U) << "only the reporter's receipt";
  EXPECT_EQ(count("SELECT count(*) FROM digest_entries WHERE digested_at IS NULL"), 2);

  EXPECT_TRUE(store_->mail().due_digest_entries(system_time().now(), false).empty());
  auto due =
      store_->mail().due_digest_entries(system_time().now() + MailStore::kDigestEvery, false);
  ASSERT_EQ(due.size(), 2U);
  EXPECT_EQ(due[0].recipient, "digest@example.org");
  EXPECT_EQ(due[0].report, first.report.id);
  EXPECT_EQ(due[1].payload, "sealed line " + second.report.id);
  EXPECT_EQ(store_->mail().due_digest_entries(system_time().now(), true).size(), 2U);

  OutboxItem digest;
  digest.event = "team.digest";
  digest.recipient = "digest@example.org";
  digest.message_id = "digest.1@desk.example";
  digest.payload = "sealed digest";
  digest.team = true;
  store_->mail().queue_digest({due[0].key, due[1].key}, digest);
  EXPECT_TRUE(store_->mail().due_digest_entries(system_time().now(), true).empty());
  EXPECT_EQ(count("SELECT count(*) FROM digest_entries WHERE payload != ''"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM outbox WHERE event = 'team.digest' AND state = 'queued'"),
            1);
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

// A program's key pair is kept for every server of the instance: the public key as before, the
// secret key as the caller sealed it; a key made before the store kept secret keys gets its
// sealed secret later, but only while it is still the program's key and has none.
TEST_F(StoreMailTest, AProgramsKeyPairIsKeptWithItsSealedSecretKey) {
  store_->apply_program(test_policy("other"), test_policy_source("other"), "test");
  EXPECT_TRUE(store_->mail().program_key_pairs().empty());
  const std::string first(40, 'A');
  const std::string second(40, 'B');
  store_->mail().set_program_key("acme", {first, "public key A"}, "sealed A", "cli");
  store_->mail().set_program_key("other", {second, "public key B"}, "", "cli");

  auto key = store_->mail().program_key("acme");
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->fingerprint, first);
  EXPECT_EQ(key->armored, "public key A");
  auto pairs = store_->mail().program_key_pairs();
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0].program, "acme");
  EXPECT_EQ(pairs[0].fingerprint, first);
  EXPECT_EQ(pairs[0].sealed_secret, "sealed A");
  EXPECT_EQ(pairs[1].program, "other");
  EXPECT_EQ(pairs[1].fingerprint, second);
  EXPECT_EQ(pairs[1].sealed_secret, "");

  EXPECT_FALSE(store_->mail().keep_program_secret_key("acme", first, "sealed again", "server"))
      << "a kept secret key is not replaced";
  EXPECT_FALSE(store_->mail().keep_program_secret_key("other", first, "sealed A", "server"))
      << "not the program's key";
  EXPECT_FALSE(store_->mail().keep_program_secret_key("nobody", second, "sealed", "server"));
  EXPECT_TRUE(store_->mail().keep_program_secret_key("other", second, "sealed B", "server"));
  pairs = store_->mail().program_key_pairs();
  ASSERT_EQ(pairs.size(), 2u);
  EXPECT_EQ(pairs[0].sealed_secret, "sealed A");
  EXPECT_EQ(pairs[1].sealed_secret, "sealed B");

  // A new key for a program replaces the pair whole; nothing names a program that has none.
  store_->mail().set_program_key("acme", {second, "public key B"}, "sealed B again", "cli");
  pairs = store_->mail().program_key_pairs();
  EXPECT_EQ(pairs[0].fingerprint, second);
  EXPECT_EQ(pairs[0].sealed_secret, "sealed B again");
  EXPECT_THROW(store_->mail().set_program_key("nobody", {first, "k"}, "s", "cli"), Refusal);
  EXPECT_EQ(store_->mail().program_key_pairs().size(), 2u);

  // Each write is one audit event naming the setting, never its value.
  std::vector<std::string> audited;
  for (const auto& event : store_->audit_log({})) {
    if (event.action != "settings.mail") continue;
    audited.push_back(event.details);
    EXPECT_EQ(event.details.find("sealed"), std::string::npos) << event.details;
  }
  EXPECT_EQ(audited.size(), 4u);
}

}  // namespace
}  // namespace embargo::store::testing
