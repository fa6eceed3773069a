#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/fix_work.h"
#include "core/report_field.h"
#include "core/severity.h"
#include "core/spooled_bytes.h"
#include "core/state.h"
#include "core/time.h"
#include "core/triage.h"

namespace embargo {

struct AttachmentInfo {
  std::string file_name;
  std::string media_type;
  std::uint64_t size = 0;
  std::string sha256;   // hex
  std::int64_t id = 0;  // assigned by the store, unique within the report (1, 2, ...); 0 before
};

// One file as uploaded: what it is and its bytes (a large one waits in a temporary file).
struct Upload {
  AttachmentInfo info;  // file_name, media_type, size, sha256 filled by describe_upload
  SpooledBytes content;
};

// Fills size and sha256 (hex, libsodium crypto_hash_sha256) from the bytes.
Upload describe_upload(std::string file_name, std::string media_type, SpooledBytes content);

// Whether `info`'s size and sha256 are those of `content`: a store checks this before it keeps
// bytes that someone else described, so a stored file always matches what the thread shows.
bool describes(const AttachmentInfo& info, const SpooledBytes& content);

// How the reporter wants to be named in advisories and the hall of fame.
struct CreditChoice {
  enum class Kind { name, handle, anonymous };
  Kind kind = Kind::anonymous;
  std::string text;  // the name or handle; empty when anonymous
};

// "name", "handle", "anonymous": the words the API, the CLI and the store use.
std::string_view to_string(CreditChoice::Kind kind);
std::optional<CreditChoice::Kind> parse_credit_kind(std::string_view text);

// A report as submitted, before it has an id: what intake validates and the store persists.
struct Submission {
  std::string program;                        // program slug
  std::map<ReportField, std::string> fields;  // only non-empty values
  CreditChoice credit;
  bool consented = false;  // agreed to the program's rules
  std::vector<AttachmentInfo> attachments;
  std::string channel = "api";  // "form", "api", "email", "cli"

  const std::string* get(ReportField f) const;
};

// The line a queue shows for a report. Most seed forms ask for no title, so it falls back to the
// vulnerability type, then the first line of the description, cut at 100 bytes on a character
// boundary with "…" appended; empty only when the submission has none of these.
std::string display_title(const Submission& s);

// One change of state, as the audit log and the reporter's thread show it.
struct Transition {
  State from = State::new_report;
  State to = State::new_report;
  Time at{};
  Actor actor = Actor::team;
  std::string actor_name;    // the team member's email, or "reporter"
  std::string reason;        // shown to the reporter when closing
  std::string duplicate_of;  // public id of the original, for `duplicate`
  // The report's writes in the order they were made, shared with Message::step: times are in
  // whole seconds, and a message and a state change of the same second must not swap. 0: stored
  // before steps were counted.
  std::int64_t step = 0;
};

// One message in a report's thread.
struct Message {
  std::int64_t seq = 0;  // 1, 2, ... within the report, assigned by the store
  Time at{};
  Actor author = Actor::reporter;
  std::string author_name;  // the team member's email, or "reporter"
  bool internal = false;    // a team-only note (the team desk issue); never shown to reporters
  std::string body;
  std::vector<AttachmentInfo> attachments;
  std::int64_t step = 0;  // see Transition::step
};

// What the reporter may see of the thread: every message but the team's internal notes. The one
// rule for reading the thread and downloading its files through a tracking link.
inline bool reporter_may_see(const Message& m) { return !m.internal; }

// What a writer hands the store.
struct NewMessage {
  Actor author = Actor::reporter;
  std::string author_name;
  bool internal = false;
  std::string body;
  std::vector<Upload> uploads;
};

// How a report's thread reaches its reporter by mail.
struct ReportMail {
  std::string reporter_key;  // fingerprint of the reporter's OpenPGP key; empty: none
  // The Message-IDs of the thread's mails, oldest first: the reporter's and the ones sent to the
  // reporter. A mail to the reporter answers the latest and names the first.
  std::vector<std::string> message_ids;
};

// A stored report.
struct Report {
  std::int64_t key = 0;  // internal row id, never shown
  std::string id;        // public id, e.g. "PYSPECTOR-2026-0007"
  std::string program;   // program slug
  State state = State::new_report;
  Submission submission;
  Time received_at{};
  Time updated_at{};
  std::optional<Severity> severity;  // the team's (else the reporter's) rating
  Triage triage;                     // the team's assessment
  std::vector<Transition> history;   // oldest first
  std::vector<Message> messages;     // oldest first, internal ones included
  // Team replies the reporter can see, by time: they restart the status-update clock.
  std::vector<Time> reporter_updates;
  ReportMail mail;
  std::vector<ExpectedFix> expected_fixes;     // oldest first; the last is the current date
  std::vector<FixVerification> verifications;  // oldest first; an open one has no answer
  // The reporter wrote since a team member last opened the report or answered.
  bool reporter_replied = false;
};

// The files the reporter may download, numbered as the reporter sees them: 1, 2, ... over the
// submission's files and then those of the messages the reporter may see, oldest first. The
// store's ids count the files of the team's internal notes too, so a reporter shown them would
// see the gaps the notes leave; and a store hands out any file of the report by its id, so every
// reporter-facing download goes through id_of, which never reaches a note's file. Numbers do not
// change: files are only added, and a message never changes who may see it.
class ReporterFiles {
 public:
  explicit ReporterFiles(const Report& report);
  // The reporter's number of the stored file `id`; 0 when the reporter may not download it (a
  // note's file, or one whose bytes were never stored).
  std::int64_t number_of(std::int64_t id) const;
  // The stored id of the reporter's file `number`; nullopt when there is none.
  std::optional<std::int64_t> id_of(std::int64_t number) const;

 private:
  std::vector<std::int64_t> ids_;  // stored ids, in the reporter's order
};

// Refuses a submission that does not fit its program's form: a missing required field, a field
// the form does not ask for, a value over its length limit or not valid UTF-8, a severity that
// is not one of the four, an attachment the form does not allow. Throws Refusal naming the field.
struct Policy;
struct Credit;
void validate_submission(const Submission& s, const Policy& policy);
// Every problem validate_submission would refuse, at most one per check and in form order, so
// that a form can show each beside its field; empty when the submission fits.
std::vector<Refusal> submission_problems(const Submission& s, const Policy& policy);

// Refuses a credit choice the program's credit rules do not allow (anonymous credit where the
// program names every reporter, anonymous credit with a name) or whose name or handle is empty,
// too long or not one line of text. Throws Refusal (field "credit").
void validate_credit(const CreditChoice& credit, const Credit& rules);

// Refuses a message that does not fit the program: an empty or whitespace-only body, one over
// 64 KiB, not valid UTF-8 or with control characters, a link where the program's intake refuses
// links (field "body"); attachments its form does not allow (field "attachments"); an internal
// note by the reporter (forbidden, field "internal"); a team message without its author
// (field "author_name").
void validate_message(const NewMessage& m, const Policy& policy);

// Checks that `t` may be applied to a report now in `current`, by the actor named in it:
// the table allows it, a reason is given where the table requires one, and a duplicate names
// its original. Throws Refusal (field "to", "reason" or "duplicate_of").
void validate_transition(State current, const Transition& t);

}  // namespace embargo
