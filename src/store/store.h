#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/audit.h"
#include "core/canned_response.h"
#include "core/policy.h"
#include "core/report.h"
#include "core/sla.h"
#include "core/state.h"
#include "core/time.h"
#include "core/time_source.h"
#include "core/triage.h"
#include "store/accounts.h"
#include "store/advisories.h"
#include "store/mail.h"
#include "store/webhooks.h"

namespace embargo::store {

// The database could not be reached (a PostgreSQL server restarting, a network failing): asked
// again in a moment, the same operation may well succeed. A write that failed so was not
// acknowledged; if the connection was lost while its commit was on its way it may have been
// stored all the same, which a retry under the same idempotency key or form token recognises.
class Unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A program as stored: its policy and the TOML it came from.
struct Program {
  std::int64_t key = 0;
  Policy policy;
  std::string source;  // the policy file's text, kept verbatim
  Time created_at{};
  Time updated_at{};
};

// Which policy a program has now, without loading it: what caches of its renderings are keyed
// on. The revision is 1 when the program is created and grows by one with every apply
// (updated_at counts whole seconds, so two applies within one second would share it).
struct ProgramRevision {
  std::string slug;
  std::int64_t revision = 0;
};

// A policy with the text of the file it was loaded from. `expected_revision` is the revision an
// editor reviewed the change against (0: the program did not exist): the store applies it only
// if that is still the program's revision, checked in the same write, so two saves of the same
// review cannot both land. Unset, the policy replaces whatever is there (`embargo program apply`).
struct PolicySource {
  Policy policy;
  std::string source;
  std::optional<std::int64_t> expected_revision = std::nullopt;
};

// What makes sending one report again file nothing new: the report form's one-time token or an
// API client's Idempotency-Key, and a digest of what was sent under it. Neither is stored in
// clear (core/submission_key.h).
struct SubmissionKey {
  std::string key;
  std::string body_digest;  // of the submission as sent: the same key with another body is refused
};

// What the reporter receives once, right after a report is stored: the token is never stored
// in clear and cannot be shown again (except to whoever sends the same SubmissionKey again).
struct CreatedReport {
  Report report;
  std::string tracking_token;  // 256-bit random, base64url
  bool replayed = false;       // the key was used before with the same body: this is that report
};

// A report in a list: enough for a queue row.
struct ReportSummary {
  std::string id;
  std::string program;
  State state = State::new_report;
  std::string title;
  std::optional<Severity> severity;
  Time received_at{};
  std::string snippet;         // with search: the matching text, matches between [ and ]
  std::optional<Time> due_at;  // the next SLA due time; absent when no clock runs
  std::optional<ClockKind> due_clock;
  std::string handler;              // email, or empty
  std::vector<std::string> labels;  // sorted
  // The reporter wrote since a team member last opened the report (the queue marks it).
  bool reporter_replied = false;
  Time updated_at{};
};

// How a list is ordered. `due`: due_at ascending, reports with nothing due last, then oldest
// received first (the desk's queue); `received`: newest first; `relevance`: best match of the
// text search first; `severity`: critical first, unrated last, then oldest received first;
// `updated`: most recently changed first.
enum class ReportOrder { due, received, relevance, severity, updated };
std::string_view to_string(ReportOrder order);
std::optional<ReportOrder> parse_report_order(std::string_view text);

// The queue's filters, all of which must hold; keyset pagination (`after` is the cursor of the
// last row of the previous page, from the same query).
struct ReportQuery {
  // The programs the caller may see (its authorisation): nullopt for all, empty for none.
  std::optional<std::vector<std::string>> visible;
  std::string program;        // empty: every visible program
  std::vector<State> states;  // empty: any state
  bool open_only = false;     // only reports not final (closed or disclosed)
  std::optional<Severity> severity;
  std::string handler;   // the handler's email, "none" for reports nobody handles, empty: any
  std::string label;     // empty: any
  bool overdue = false;  // only reports whose due_at has passed
  std::string text;      // full-text search over title, description, impact, steps, component
  // Unset: relevance for a search, received otherwise. Relevance needs a search.
  std::optional<ReportOrder> order;
  std::string after;  // cursor from the previous page; empty for the first
  int limit = 50;     // 1..500
};
struct ReportPage {
  std::vector<ReportSummary> reports;
  std::string next;  // cursor for the next page; empty when this is the last
};

// How many reports of a query (its filters but states and open_only) are in each state;
// states without reports are absent.
struct StateCount {
  State state = State::new_report;
  std::int64_t count = 0;
};

// An earlier report of the same program that reads like the one asked about, with its BM25
// score (lower is more similar).
struct SimilarReport {
  std::string id;
  std::string title;
  State state = State::new_report;
  Time received_at{};
  double score = 0;
};

// A report brought in from elsewhere (another tracker, the demo data set): received in the past,
// with what happened to it since. Its transitions are checked against the state table in order.
struct ImportedReport {
  Submission submission;
  Time received_at{};
  std::vector<Transition> history;
  TriageUpdate triage;  // applied after the history, by the store's rules
};

// Audit events with seq > after_seq, of one program and/or report when named, oldest first
// unless newest_first (a report page shows the latest events). limit is 1..1000.
struct AuditQuery {
  std::string program;
  std::string report;
  std::int64_t after_seq = 0;
  int limit = 100;
  bool newest_first = false;
};

// The durable store behind everything. Writes are atomic: each either commits whole, with its
// audit event, or throws and leaves nothing behind. A write returns only once it is on disk.
// One implementation (sql/) on two engines: SQLite (sqlite/) and PostgreSQL (postgres/). Callers
// see only this interface.
class Store {
 public:
  virtual ~Store() = default;

  // The time every record is stamped with, and what pages, jobs and commands compare against:
  // the clock the store was opened with.
  virtual const TimeSource& time() const = 0;

  // A number that changes whenever the stored data may have changed: at once for this process's
  // writes (before the write returns), within 10 ms for another process's. What the server keeps
  // between requests (public answers) is kept for one value. The first call starts watching for
  // other processes and may open a connection; later calls only read memory and are safe on any
  // thread.
  virtual std::uint64_t data_generation() = 0;

  // Creates each program or replaces its policy (the slug is the key), all or none: one that is
  // refused (an id prefix another program uses, a prefix change on a program that already has
  // reports, or Refusal conflict "revision" when its expected_revision is not the program's
  // revision any more) leaves every program unchanged.
  virtual std::vector<Program> apply_programs(const std::vector<PolicySource>& programs,
                                              const std::string& actor) = 0;
  Program apply_program(const Policy& policy, const std::string& source, const std::string& actor) {
    return apply_programs({{policy, source}}, actor).front();
  }
  virtual std::optional<Program> find_program(const std::string& slug) = 0;
  virtual std::vector<Program> list_programs() = 0;
  // The revision of each program, by slug; of one program (nullopt if there is none).
  virtual std::vector<ProgramRevision> program_revisions() = 0;
  virtual std::optional<std::int64_t> program_revision(const std::string& slug) = 0;

  // Validates the submission against its program's policy (Refusal if it does not fit, or if
  // the program is unknown), assigns the next public id of the program and year, and stores it
  // with the bytes of its files: uploads[i] is the file submission.attachments[i] describes (the
  // store checks they agree: same count, size and sha256; Refusal "attachments" otherwise). The
  // files are numbered 1, 2, ... in that order.
  // With a key already used for this program: the same body gives back the report it filed
  // (replayed, with its tracking token, nothing stored); another body is Refusal conflict
  // "idempotency_key". Keys are kept for 24 hours.
  virtual CreatedReport create_report(const Submission& submission, const std::string& actor,
                                      const std::vector<Upload>& uploads,
                                      const std::optional<SubmissionKey>& key) = 0;
  CreatedReport create_report(const Submission& s, const std::string& actor,
                              const std::vector<Upload>& uploads) {
    return create_report(s, actor, uploads, std::nullopt);
  }
  CreatedReport create_report(const Submission& s, const std::string& actor) {
    return create_report(s, actor, {}, std::nullopt);
  }
  virtual std::optional<Report> find_report(const std::string& id) = 0;
  // A team member opened the report: the queue's "reporter replied" mark is cleared. Nothing
  // happens for an unknown id.
  virtual void mark_read_by_team(const std::string& id) = 0;
  // The program's reports received at or after `from` and before `to`, oldest first, handed to
  // `each` one at a time, with what the program dashboard measures (core/metrics.h): state,
  // severity, received and updated times, the transitions, and the times of the team's replies
  // the reporter could see (reporter_updates). The submission, triage and thread are left
  // empty: no figure reads them. A year of a large program is a hundred thousand reports; only
  // one is in memory at a time, read by the same three statements walked side by side whatever
  // the count. Refusal not_found (field "program") for an unknown program.
  virtual void each_received_report(const std::string& program, Time from, Time to,
                                    const std::function<void(const Report&)>& each) = 0;
  // Looks a report up by its reporter's tracking token (compared as a hash).
  virtual std::optional<Report> find_report_by_token(const std::string& token) = 0;
  // Applies a transition checked against the state table; Refusal when it is not allowed.
  virtual Report transition_report(const std::string& id, const Transition& transition) = 0;
  // The queue: refuses (field named) a limit out of range, a cursor of another order or
  // query kind, relevance without a search, an unknown program filter.
  virtual ReportPage list_reports(const ReportQuery& query) = 0;
  virtual std::vector<StateCount> counts_by_state(const ReportQuery& query) = 0;

  // Changes the team's triage of a report (see TriageUpdate): the rules of apply_triage_update,
  // then a CVSS vector must be 4.0, 3.1 or 3.0 and score (stored normalised; unless the update
  // sets the severity, a new vector sets it from the score's rating: none clears it), a CWE id
  // must be in the catalogue, every version entry must parse in the program's scheme (refused
  // naming the field and the entry), and the handler and backup must be members of the program
  // as handler or owner. Recomputes the due time and writes the audit event "report.triage"
  // with the fields that changed and their new values. Refusal not_found for an unknown report.
  virtual Report update_triage(const std::string& id, const TriageUpdate& update,
                               const std::string& actor) = 0;

  // The earlier reports of the same program most like this one (BM25 over title, description
  // and affected component, from the report's own significant words), best first; never itself.
  virtual std::vector<SimilarReport> similar_reports(const std::string& id, int limit = 5) = 0;

  // Stores reports from elsewhere, all or none, each as create_report would (validated against
  // its program, numbered in the year it was received) with its history and triage, and the
  // audit events of each step ("report.created" says imported). No tracking link is made: the
  // reporter of an imported report follows it elsewhere. Returns the new ids in order.
  virtual std::vector<std::string> import_reports(const std::vector<ImportedReport>& reports,
                                                  const std::string& actor) = 0;

  // A program's canned responses by title. put creates one (key 0) or replaces the program's
  // response with that key (Refusal not_found otherwise); a title another response of the
  // program has is a conflict. Audit events "canned_response.saved" and ".deleted".
  virtual std::vector<CannedResponse> list_canned_responses(const std::string& program) = 0;
  virtual CannedResponse put_canned_response(const CannedResponse& response,
                                             const std::string& actor) = 0;
  // False when the program has no response with that key.
  virtual bool delete_canned_response(const std::string& program, std::int64_t key,
                                      const std::string& actor) = 0;

  // Appends a message to the report's thread, validated against the program's policy
  // (validate_message), with its files' bytes (each upload's size and sha256 must describe its
  // content). A reporter may not write once the report is withdrawn (Refusal conflict, field
  // "state"). Updates updated_at and writes the audit event "report.message" (seq, author,
  // internal, attachment count; never the body). A team message that is not internal restarts
  // the status-update clock (Report::reporter_updates). Returns the report as it now is.
  virtual Report add_message(const std::string& report_id, const NewMessage& message) = 0;
  // Changes how the reporter is credited, by the submission's credit rules (validate_credit,
  // Refusal field "credit"). Audit event "report.credit" (the kind only, never the name).
  virtual Report change_credit(const std::string& report_id, const CreditChoice& credit,
                               const std::string& actor) = 0;
  // Sets the date the team expects the fix by, with its evaluation (checked_expected_fix; a
  // change needs its reason), kept with every earlier date, and tells the reporter in a team
  // message (mailed like any reply; it restarts the status-update clock). Refusal conflict
  // "state" once the report is closed or disclosed. Audit event "report.expected_fix".
  virtual Report set_expected_fix(const std::string& report_id, const ExpectedFix& fix,
                                  const std::string& actor) = 0;
  // Asks the reporter to verify the fix in `fixed_in`, with the team's message and its patches
  // (.patch, .diff: patch_file_rules, whatever the form lets reporters send). Refused unless the
  // program's policy invites reporters to verify (conflict "verification"), the report is being
  // fixed or fixed (conflict "state"), and no earlier request waits for its answer (conflict
  // "verification"). Audit event "report.verification_requested".
  virtual Report request_verification(const std::string& report_id, const std::string& fixed_in,
                                      const NewMessage& message) = 0;
  // The reporter's answer to the open request (Refusal not_found "verification" when none is
  // open): fixed, or still vulnerable because ... (checked_verification_answer), recorded and
  // written to the thread as the reporter's message; "still vulnerable" reopens the fix (a fixed
  // report goes back to fixing). Audit event "report.verification_answered".
  virtual Report answer_verification(const std::string& report_id, bool fixed,
                                     const std::string& because) = 0;
  // One stored file of the report (of the submission or of a message) with its bytes; nullopt
  // when the report has no such file or the store never received its bytes.
  virtual std::optional<Upload> find_attachment(const std::string& report_id,
                                                std::int64_t attachment_id) = 0;

  // The team's accounts, sessions, tokens and memberships, in the same database and transactions.
  virtual AccountStore& accounts() = 0;
  // Mail intake, the reporters' keys and the outbox, in the same database and transactions.
  virtual MailStore& mail() = 0;
  // Webhooks per program and their delivery log, beside the outbox that queues the deliveries.
  virtual WebhookStore& webhooks() = 0;
  // Advisories and their public revisions, beside the reports they publish.
  virtual AdvisoryStore& advisories() = 0;

  // Invitation writes beyond AccountStore's. Creates the account of an open invitation's email
  // with this password hash and accepts the invitation for it, in one write: Refusal as
  // accept_invitation, conflict "email" when that email already has an account, and conflict
  // "invitation" unless its sender is an instance admin (or "cli") now: only an admin brings a
  // new person into the instance.
  virtual Member accept_invitation_with_new_account(const std::string& secret,
                                                    const std::string& password_hash) = 0;
  // Revokes an open invitation of the program (its link stops working; audit event
  // "invitation.revoked"); false when the program has no open invitation with that key. Refusal
  // not_found for an unknown program.
  virtual bool revoke_invitation(const std::string& program, std::int64_t key,
                                 const std::string& actor) = 0;

  virtual std::vector<AuditEvent> audit_log(const AuditQuery& query) = 0;

  // Whether this process is the one to run the background job `job` ("outbox", "advisory
  // publication"...) now. On PostgreSQL, where several servers share the store, one server at a
  // time holds each job: the first to ask takes the job's advisory lock on a connection kept for
  // it, and keeps it while that connection lives; a server that stops or is killed lets it go
  // with its connection, and the next server to ask takes the job over. On SQLite, a store of
  // one machine, always true.
  virtual bool hold_job(const std::string& job) = 0;

  // A consistent copy of the whole store at `destination`, taken while it keeps serving.
  virtual void backup(const std::filesystem::path& destination) = 0;
};

struct SqliteOptions {
  std::filesystem::path path;        // the database file, e.g. data/embargo.db
  int readers = 4;                   // read connections
  int max_batch = 256;               // the most writes one commit groups together
  const TimeSource* time = nullptr;  // what "now" is; the system's when none
};

// Opens (creating if needed) a SQLite store and applies pending migrations.
std::unique_ptr<Store> open_sqlite(const SqliteOptions& options);

struct PostgresOptions {
  std::string url;  // postgresql://user@host/database?...
  int readers = 4;  // read connections (each a connection to the server)
  // The most writes one commit groups together. Each runs in a savepoint, and past 64 of them a
  // transaction's subtransactions no longer fit PostgreSQL's per-process cache, which slows every
  // other session's snapshots: groups are cut at 60 whatever is asked.
  int max_batch = 60;
  const TimeSource* time = nullptr;  // what "now" is; the system's when none
};

// The database a PostgreSQL URL names ("embargo"), for messages: never its password.
// std::runtime_error when the URL does not parse.
std::string postgres_database_name(const std::string& url);

// Opens the store in an existing PostgreSQL database (its schema is made on first use) and
// applies pending migrations; several servers may open the same database at once.
std::unique_ptr<Store> open_postgres(const PostgresOptions& options);

// One table of a store moved to another engine: the rows copied, checked again in the copy.
struct MovedTable {
  std::string table;
  std::int64_t rows = 0;
};

// Copies every record of the SQLite store at `from` (reports with their files and history,
// accounts, audit log, advisories, outbox...) into the PostgreSQL database `to`, whose store
// must be empty: both are first brought to this binary's schema, the source is read in one
// snapshot (a server may keep serving it; what it writes afterwards is not copied), the copy
// is written in one transaction, and each table of the copy is read back and its row count and
// a digest of its values compared with the source's. std::runtime_error naming what differs,
// and nothing is left in `to`.
std::vector<MovedTable> copy_sqlite_to_postgres(const std::filesystem::path& from,
                                                const std::string& to);

}  // namespace embargo::store
