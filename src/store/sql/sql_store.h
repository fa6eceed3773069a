#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>

#include "store/sql/change_watch.h"
#include "store/sql/connection.h"
#include "store/sql/engine.h"
#include "store/sql/policy_cache.h"
#include "store/sql/reader_pool.h"
#include "store/sql/sql_accounts.h"
#include "store/sql/writer.h"
#include "store/store.h"

namespace embargo::store::sql {

// How a SqlStore is opened: the engine it runs on and how it uses it.
struct SqlStoreOptions {
  std::unique_ptr<Engine> engine;
  int readers = 4;                   // read connections
  int max_batch = 256;               // the most writes one commit groups together
  const TimeSource* time = nullptr;  // what "now" is; the system's when none
};

// The Store on one SQL database, whichever engine runs it (SQLite, PostgreSQL): writes go
// through the group-committing Writer, reads through the ReaderPool. See docs/store.md. Its
// MailStore methods live in mail_writes.cc and outbox.cc, its WebhookStore methods in
// webhook_writes.cc and webhook_reads.cc, its AdvisoryStore methods in advisory_writes.cc and
// advisory_reads.cc.
class SqlStore final : public Store, public MailStore, public WebhookStore, public AdvisoryStore {
 public:
  explicit SqlStore(SqlStoreOptions options);

  const TimeSource& time() const override { return time_; }
  std::uint64_t data_generation() override;

  std::vector<Program> apply_programs(const std::vector<PolicySource>& programs,
                                      const std::string& actor) override;
  std::optional<Program> find_program(const std::string& slug) override;
  std::vector<Program> list_programs() override;
  std::vector<ProgramRevision> program_revisions() override;
  std::optional<std::int64_t> program_revision(const std::string& slug) override;

  using Store::create_report;
  CreatedReport create_report(const Submission& submission, const std::string& actor,
                              const std::vector<Upload>& uploads,
                              const std::optional<SubmissionKey>& key) override;
  std::optional<Report> find_report(const std::string& id) override;
  void mark_read_by_team(const std::string& id) override;
  void each_received_report(const std::string& program, Time from, Time to,
                            const std::function<void(const Report&)>& each) override;
  std::optional<Report> find_report_by_token(const std::string& token) override;
  Report transition_report(const std::string& id, const Transition& transition) override;
  ReportPage list_reports(const ReportQuery& query) override;
  std::vector<StateCount> counts_by_state(const ReportQuery& query) override;
  Report update_triage(const std::string& id, const TriageUpdate& update,
                       const std::string& actor) override;
  std::vector<SimilarReport> similar_reports(const std::string& id, int limit) override;
  std::vector<std::string> import_reports(const std::vector<ImportedReport>& reports,
                                          const std::string& actor) override;
  std::vector<CannedResponse> list_canned_responses(const std::string& program) override;
  CannedResponse put_canned_response(const CannedResponse& response,
                                     const std::string& actor) override;
  bool delete_canned_response(const std::string& program, std::int64_t key,
                              const std::string& actor) override;
  Report add_message(const std::string& report_id, const NewMessage& message) override;
  Report change_credit(const std::string& report_id, const CreditChoice& credit,
                       const std::string& actor) override;
  Report set_expected_fix(const std::string& report_id, const ExpectedFix& fix,
                          const std::string& actor) override;
  Report request_verification(const std::string& report_id, const std::string& fixed_in,
                              const NewMessage& message) override;
  Report answer_verification(const std::string& report_id, bool fixed,
                             const std::string& because) override;
  std::optional<Upload> find_attachment(const std::string& report_id,
                                        std::int64_t attachment_id) override;

  AccountStore& accounts() override { return *accounts_; }
  MailStore& mail() override { return *this; }
  WebhookStore& webhooks() override { return *this; }
  AdvisoryStore& advisories() override { return *this; }

  void set_announcer(std::shared_ptr<Announcer> announcer) override;
  MailReceived receive_mail(const IncomingMail& mail) override;
  std::vector<ReceivedMail> incoming_mails(const std::string& report_id) override;
  std::vector<std::string> record_bounce(const std::string& returned_message_id,
                                         const std::vector<BouncedAddress>& failed) override;
  std::optional<BouncedAddress> bounced_address(const std::string& address) override;
  int send_tracking_links(const std::string& address) override;
  void set_reporter_key(const std::string& report_id, const OpenPgpKey& key,
                        const std::string& actor) override;
  std::optional<OpenPgpKey> reporter_public_key(const std::string& fingerprint) override;
  std::vector<OutboxEntry> due_outbox(Time at, int limit) override;
  void outbox_sent(std::int64_t key, Time at) override;
  void outbox_attempt_failed(std::int64_t key, Time at, const std::string& error,
                             std::optional<Time> retry_at) override;
  std::vector<OutboxEntry> list_outbox(const OutboxQuery& query) override;
  std::vector<DigestEntry> due_digest_entries(Time at, bool all) override;
  void queue_digest(const std::vector<std::int64_t>& entries, const OutboxItem& mail) override;
  std::vector<std::string> clock_alert_candidates(Time at, Time horizon, int limit) override;
  bool record_clock_alert(const std::string& report_id, ClockKind clock, const std::string& level,
                          Time due_at, const std::vector<OutboxItem>& items) override;
  std::optional<OpenPgpKey> program_key(const std::string& slug) override;
  void set_program_key(const std::string& slug, const OpenPgpKey& key,
                       const std::string& sealed_secret, const std::string& actor) override;
  std::vector<ProgramKeyPair> program_key_pairs() override;
  bool keep_program_secret_key(const std::string& slug, const std::string& fingerprint,
                               const std::string& sealed_secret, const std::string& actor) override;
  std::optional<std::string> mail_setting(const std::string& name) override;
  std::map<std::string, std::string> mail_settings(const std::vector<std::string>& names) override;
  void set_mail_setting(const std::string& name, const std::string& value,
                        const std::string& actor) override;
  Webhook add_webhook(const NewWebhook& webhook, const std::string& actor) override;
  std::vector<Webhook> list_webhooks(const std::string& program) override;
  bool remove_webhook(const std::string& program, std::int64_t key,
                      const std::string& actor) override;
  std::optional<std::string> webhook_secret(std::int64_t key) override;
  void record_webhook_attempt(const WebhookAttempt& attempt, bool sent,
                              std::optional<Time> retry_at) override;
  std::vector<WebhookDelivery> list_webhook_deliveries(const std::string& program,
                                                       int limit) override;
  Advisory create_advisory(const NewAdvisory& advisory, const std::string& actor) override;
  Advisory update_advisory(const std::string& id, const AdvisoryDraft& draft,
                           const std::string& actor) override;
  Advisory set_advisory_review(const std::string& id, bool in_review,
                               const std::string& actor) override;
  Advisory schedule_advisory(const std::string& id, Time instant, const std::string& reason,
                             const std::string& actor, Time at) override;
  Advisory publish_advisory(const std::string& id, const std::string& actor, Time at) override;
  std::vector<std::string> publish_due_advisories(Time at) override;
  Advisory withdraw_advisory(const std::string& id, const std::string& reason,
                             const std::string& actor, Time at) override;
  Advisory answer_credit(const std::string& advisory_id, const std::string& report_id,
                         CreditDecision decision) override;
  std::optional<Advisory> find_advisory(const std::string& id) override;
  std::vector<Advisory> list_advisories(const std::string& program) override;
  std::vector<Advisory> advisories_of_report(const std::string& report_id) override;
  std::optional<PublishedAdvisory> find_published(const std::string& id) override;
  std::vector<PublishedAdvisory> published_revisions(const std::string& id) override;
  std::vector<PublishedAdvisory> list_published(const std::string& program, int limit) override;
  std::int64_t publication_count() override;
  Member accept_invitation_with_new_account(const std::string& secret,
                                            const std::string& password_hash) override {
    return accounts_->accept_invitation_with_new_account(secret, password_hash);
  }
  bool revoke_invitation(const std::string& program, std::int64_t key,
                         const std::string& actor) override {
    return accounts_->revoke_invitation(program, key, actor);
  }

  std::vector<AuditEvent> audit_log(const AuditQuery& query) override;
  bool hold_job(const std::string& job) override { return engine_->hold_job(job); }

  void backup(const std::filesystem::path& destination) override;

 private:
  Program read_program(Query& row);
  // Computes the due columns of every report not final, for a store opened from before them.
  void fill_due_columns();
  Program apply_one(WriteContext& w, const PolicySource& applied, const std::string& actor);
  static void check_revision(Connection& db, const std::string& slug, std::int64_t expected);
  // The steps of create_report and add_message in the caller's transaction (receive_mail is
  // made of them too), and the announcer's part of each: what it queues, in the same
  // transaction; the report is read again after it, with the mails it recorded.
  CreatedReport create_in(WriteContext& w, const Submission& submission,
                          const std::vector<Upload>& uploads, const std::string& actor);
  // `file_rules` replaces the program's rules for the message's files (a verification request's
  // patches); unset, the program's form decides.
  Report append_message(WriteContext& w, const std::string& report_id, const NewMessage& message,
                        const Attachments* file_rules = nullptr);
  void announce_created(WriteContext& w, CreatedReport& created, const IntakeNotes& notes);
  void announce_message(WriteContext& w, Report& report);
  void announce_transition(WriteContext& w, const Report& report, const Transition& transition);
  // Publishes the advisory's next revision and discloses its fixed reports, in the caller's
  // write; `strict` also refuses a reporter's credit that still waits for their agreement.
  void publish_in(WriteContext& w, std::int64_t key, const Advisory& advisory,
                  const std::string& actor, Time at, bool strict);
  // A triage update that names a new primary or backup handler, announced to them.
  void announce_assignment(WriteContext& w, const Report& report, const Policy& policy,
                           const Triage& before, const std::string& actor);

  const TimeSource& time_;
  PolicyCache policies_;
  std::unique_ptr<Engine> engine_;
  // Declared in this order so that the writer (and its thread) stops before the readers close.
  std::unique_ptr<ReaderPool> readers_;
  std::unique_ptr<Writer> writer_;
  std::unique_ptr<SqlAccounts> accounts_;
  std::once_flag watch_started_;
  std::unique_ptr<ChangeWatch> watch_;    // started by the first data_generation()
  std::shared_ptr<Announcer> announcer_;  // set before the first write; may stay unset
};

}  // namespace embargo::store::sql
