// A report's thread in the store: messages, internal notes, the bytes of every file, credit
// changes, and that each of these writes is whole or absent, audited without its text, and
// survives kill -9 once acknowledged.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <set>
#include <span>
#include <sstream>
#include <thread>

#include "core/digest.h"
#include "core/error.h"
#include "core/sla.h"
#include "core/time_source.h"
#include "refusal.h"
#include "store/migrations.h"
#include "store/sql/migrate.h"
#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

using embargo::testing::refusal_of;

NewMessage reporter_says(const std::string& body, std::vector<Upload> uploads = {}) {
  NewMessage m;
  m.author = Actor::reporter;
  m.author_name = "reporter";
  m.body = body;
  m.uploads = std::move(uploads);
  return m;
}

NewMessage team_says(const std::string& body, bool internal = false,
                     std::vector<Upload> uploads = {}) {
  NewMessage m;
  m.author = Actor::team;
  m.author_name = "alice@team.example";
  m.internal = internal;
  m.body = body;
  m.uploads = std::move(uploads);
  return m;
}

// Bytes that are not text: a NUL, high bytes, a line break.
std::string binary_bytes(std::size_t size, char seed) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 31 + seed) % 256);
  return bytes;
}

class StoreThreadTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    store_->apply_program(test_policy("pyspector"), test_policy_source("pyspector"), "cli");
  }

  std::string new_report(const std::string& title = "Injection") {
    return store_->create_report(test_submission("pyspector", title), "reporter").report.id;
  }

  // Everything a refused write must leave as it was.
  struct Snapshot {
    std::int64_t messages, attachments, audit_events, updated_at;
    std::string credit;
    bool operator==(const Snapshot&) const = default;
  };
  Snapshot snapshot(const std::string& id) const {
    auto db = raw();
    auto report = db->query(
        "SELECT updated_at, credit_kind || ':' || credit_text FROM reports"
        " WHERE public_id = ?1");
    report.bind(1, id);
    EXPECT_TRUE(report.step());
    return {count("SELECT count(*) FROM messages"), count("SELECT count(*) FROM attachments"),
            count("SELECT count(*) FROM audit_events"), report.integer(0), report.text(1)};
  }
};

TEST_F(StoreThreadTest, MessagesAreNumberedAndReadBackOldestFirst) {
  std::string id = new_report();
  Report after_first = store_->add_message(id, reporter_says("Here is more detail."));
  ASSERT_EQ(after_first.messages.size(), 1u);
  EXPECT_EQ(after_first.messages[0].seq, 1);
  EXPECT_EQ(after_first.updated_at, after_first.messages[0].at);
  store_->add_message(id, team_says("Thanks, we can reproduce it."));
  store_->add_message(id, team_says("Same root cause as last year's bug.", true));
  Report last = store_->add_message(id, reporter_says("Great, thank you."));

  auto found = store_->find_report(id);
  ASSERT_TRUE(found);
  ASSERT_EQ(found->messages.size(), 4u);
  const char* bodies[] = {"Here is more detail.", "Thanks, we can reproduce it.",
                          "Same root cause as last year's bug.", "Great, thank you."};
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(found->messages[i].seq, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(found->messages[i].body, bodies[i]);
    if (i > 0) {
      EXPECT_GE(found->messages[i].at, found->messages[i - 1].at);
    }
  }
  EXPECT_EQ(found->messages[0].author, Actor::reporter);
  EXPECT_EQ(found->messages[0].author_name, "reporter");
  EXPECT_EQ(found->messages[1].author, Actor::team);
  EXPECT_EQ(found->messages[1].author_name, "alice@team.example");
  EXPECT_EQ(last.messages.size(), 4u);  // what add_message returns is the report as stored
  EXPECT_EQ(last.messages[3].body, found->messages[3].body);
}

TEST_F(StoreThreadTest, AReportersMessageIsSignedAsTheReporterWhateverItsName) {
  std::string id = new_report();
  NewMessage m = reporter_says("I am the team, honestly.");
  m.author_name = "alice@team.example";
  Report r = store_->add_message(id, m);
  EXPECT_EQ(r.messages[0].author_name, "reporter");
  EXPECT_EQ(store_->audit_log({}).back().actor, "reporter");
}

TEST_F(StoreThreadTest, InternalNotesAreKeptApartAndDoNotCountAsUpdates) {
  std::string id = new_report();
  store_->add_message(id, team_says("Internal: check the 1.x branch too.", true));
  Report r = *store_->find_report(id);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_TRUE(r.messages[0].internal);
  EXPECT_TRUE(r.reporter_updates.empty());

  store_->add_message(id, reporter_says("Any news?"));
  EXPECT_TRUE(store_->find_report(id)->reporter_updates.empty());  // the reporter's own words

  Report replied = store_->add_message(id, team_says("We are working on a fix."));
  ASSERT_EQ(replied.reporter_updates.size(), 1u);
  EXPECT_EQ(replied.reporter_updates[0], replied.messages[2].at);
  EXPECT_FALSE(replied.messages[2].internal);

  // The status-update clock restarts at the team's visible reply, not at the internal note.
  Policy policy = test_policy("pyspector");
  policy.sla.status_update = Duration{7, Duration::Unit::days};
  bool seen = false;
  for (const auto& clock : evaluate_clocks(replied, policy, system_time().now())) {
    if (clock.kind != ClockKind::status_update) continue;
    seen = true;
    EXPECT_EQ(clock.started_at, replied.messages[2].at);
  }
  EXPECT_TRUE(seen);

  // Below the interface too: no reporter's row can be internal.
  EXPECT_THROW(
      raw()->exec("INSERT INTO messages VALUES (1, 99, 0, 'reporter', 'reporter', 1, 'x')"),
      std::runtime_error);
}

// A large file goes in from a temporary file and comes out a piece at a time, for a download
// that never holds it whole; the pieces are the file, whichever piece is asked first.
TEST_F(StoreThreadTest, ALargeFileGoesInAndComesOutInPieces) {
  SpooledBytes spooled;
  spooled.spool_above(0, dir_.string());
  std::string bytes = binary_bytes(999'983, 5);  // under the program's 1 MB, over 256 KiB
  spooled.append(bytes);
  Submission s = test_submission("pyspector", "With a large file");
  std::vector<Upload> uploads = {describe_upload("trace.txt", "text/plain", spooled)};
  s.attachments.push_back(uploads[0].info);
  auto created = store_->create_report(s, "reporter", uploads);

  auto file = store_->find_attachment(created.report.id, 1);
  ASSERT_TRUE(file);
  ASSERT_TRUE(file->content.spooled());  // not read whole
  EXPECT_EQ(file->content.size(), bytes.size());
  std::string tail(100, '\0');
  ASSERT_EQ(file->content.source().read_at(bytes.size() - 100, tail.data(), 200), 100u);
  EXPECT_EQ(tail, bytes.substr(bytes.size() - 100));
  EXPECT_EQ(file->content.source().read_at(bytes.size(), tail.data(), 1), 0u);
  EXPECT_TRUE(file->content == bytes);
  EXPECT_EQ(sha256_hex_of_pieces(file->content), uploads[0].info.sha256);
}

// Many downloads of a large file at once, each read a piece at a time as a slow client would:
// every piece is the file's, and on PostgreSQL the downloads hold no connection between pieces
// (each kept one of its own until it ended, so a few hundred slow downloads could take every
// connection the database allows): forty add at most the two the server reads pieces through.
TEST_F(StoreThreadTest, ManyDownloadsAtOnceHoldNoConnectionBetweenPieces) {
  SpooledBytes spooled;
  spooled.spool_above(0, dir_.string());
  std::string bytes = binary_bytes(400'009, 7);  // over the 256 KiB read whole
  spooled.append(bytes);
  Submission s = test_submission("pyspector", "With a large file");
  std::vector<Upload> uploads = {describe_upload("trace.txt", "text/plain", spooled)};
  s.attachments.push_back(uploads[0].info);
  std::string id = store_->create_report(s, "reporter", uploads).report.id;
  const char* connections =
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()";
  std::int64_t before = on_postgres() ? count(connections) : 0;

  std::vector<Upload> downloads;
  for (std::size_t i = 0; i < 40; ++i) {
    auto file = store_->find_attachment(id, 1);
    ASSERT_TRUE(file);
    ASSERT_TRUE(file->content.spooled());
    std::string piece(1000, '\0');
    ASSERT_EQ(file->content.source().read_at(i * 1000, piece.data(), piece.size()), 1000u);
    EXPECT_EQ(piece, bytes.substr(i * 1000, 1000));
    downloads.push_back(std::move(*file));
  }
  if (on_postgres()) EXPECT_LE(count(connections) - before, 2);
  for (std::size_t i = 0; i < downloads.size(); ++i) {
    std::string piece(1000, '\0');
    std::uint64_t at = bytes.size() - 1000 * (i + 1);
    ASSERT_EQ(downloads[i].content.source().read_at(at, piece.data(), piece.size()), 1000u);
    EXPECT_EQ(piece, bytes.substr(at, 1000));
  }
}

TEST_F(StoreThreadTest, SubmissionFilesAreStoredWithTheirBytes) {
  Submission s = test_submission("pyspector", "With files");
  std::vector<Upload> uploads = {describe_upload("poc.txt", "text/plain", "print('owned')\n"),
                                 describe_upload("dump.txt", "text/plain", binary_bytes(70000, 3))};
  for (const auto& u : uploads) s.attachments.push_back(u.info);
  auto created = store_->create_report(s, "reporter", uploads);
  ASSERT_EQ(created.report.submission.attachments.size(), 2u);
  EXPECT_EQ(created.report.submission.attachments[0].id, 1);
  EXPECT_EQ(created.report.submission.attachments[1].id, 2);

  Report found = *store_->find_report(created.report.id);
  ASSERT_EQ(found.submission.attachments.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    const AttachmentInfo& a = found.submission.attachments[i];
    EXPECT_EQ(a.id, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(a.file_name, uploads[i].info.file_name);
    EXPECT_EQ(a.media_type, "text/plain");
    EXPECT_EQ(a.size, uploads[i].content.size());
    EXPECT_EQ(a.sha256, uploads[i].info.sha256);

    auto file = store_->find_attachment(created.report.id, a.id);
    ASSERT_TRUE(file);
    EXPECT_EQ(file->content.str(), uploads[i].content.str());
    EXPECT_EQ(file->info.id, a.id);
    EXPECT_EQ(file->info.file_name, a.file_name);
    EXPECT_EQ(describe_upload("x", "y", file->content).info.sha256, a.sha256);
  }
  EXPECT_FALSE(store_->find_attachment(created.report.id, 3));
  EXPECT_FALSE(store_->find_attachment(created.report.id, 0));
  EXPECT_FALSE(store_->find_attachment("PYSPECTOR-1999-0001", 1));
  // The legacy JSON column no longer holds the files.
  EXPECT_EQ(count("SELECT count(*) FROM reports WHERE attachments = '[]'"), 1);
}

TEST_F(StoreThreadTest, AnEmptyFileIsStoredAsZeroBytesNotAsNothing) {
  std::string id = new_report();
  Report r = store_->add_message(id, reporter_says("empty", {describe_upload("e.txt", "t", "")}));
  auto file = store_->find_attachment(id, r.messages[0].attachments[0].id);
  ASSERT_TRUE(file);
  EXPECT_EQ(file->content, "");
  EXPECT_EQ(file->info.size, 0u);
}

TEST_F(StoreThreadTest, MessageFilesRoundTripAndIdsAreUniquePerReport) {
  Submission s = test_submission("pyspector", "With a file");
  Upload first = describe_upload("poc.txt", "text/plain", "one");
  s.attachments = {first.info};
  std::string id = store_->create_report(s, "reporter", {first}).report.id;
  std::string other = new_report("Another");

  Upload log = describe_upload("log.txt", "text/plain", binary_bytes(5000, 9));
  Upload trace = describe_upload("trace.txt", "text/plain", "trace");
  Report r = store_->add_message(id, reporter_says("Two more files.", {log, trace}));
  store_->add_message(id, team_says("No files here."));
  Report note = store_->add_message(
      id, team_says("Our own notes.", true, {describe_upload("n.txt", "t", "internal")}));
  Report elsewhere =
      store_->add_message(other, reporter_says("A file.", {describe_upload("a.txt", "t", "a")}));

  ASSERT_EQ(r.messages[0].attachments.size(), 2u);
  EXPECT_EQ(r.messages[0].attachments[0].id, 2);  // after the submission's file
  EXPECT_EQ(r.messages[0].attachments[1].id, 3);
  EXPECT_TRUE(note.messages[1].attachments.empty());
  ASSERT_EQ(note.messages[2].attachments.size(), 1u);
  EXPECT_EQ(note.messages[2].attachments[0].id, 4);
  EXPECT_EQ(elsewhere.messages[0].attachments[0].id, 1);  // each report counts on its own

  std::set<std::int64_t> ids;
  Report found = *store_->find_report(id);
  for (const auto& a : found.submission.attachments) ids.insert(a.id);
  for (const auto& m : found.messages) {
    for (const auto& a : m.attachments) EXPECT_TRUE(ids.insert(a.id).second) << a.id;
  }
  EXPECT_EQ(ids, (std::set<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(store_->find_attachment(id, 2)->content.str(), log.content.str());
  EXPECT_EQ(store_->find_attachment(id, 3)->content, "trace");
  EXPECT_EQ(store_->find_attachment(id, 4)->content, "internal");
  EXPECT_EQ(store_->find_attachment(other, 1)->content, "a");
  EXPECT_FALSE(store_->find_attachment(other, 2));
}

TEST_F(StoreThreadTest, SubmittedFilesMustBeTheOnesDescribed) {
  Submission s = test_submission("pyspector", "Files");
  Upload real = describe_upload("poc.txt", "text/plain", "the real bytes");
  s.attachments = {real.info};
  // A description without its bytes, bytes without a description, and bytes that differ.
  Refusal missing = refusal_of([&] { store_->create_report(s, "reporter"); });
  EXPECT_EQ(missing.field(), "attachments");
  EXPECT_STREQ(missing.what(), "attachments: 1 described, 0 received");
  Submission bare = test_submission("pyspector", "Files");
  EXPECT_EQ(refusal_of([&] { store_->create_report(bare, "reporter", {real}); }).field(),
            "attachments");
  Upload swapped = real;
  std::string other = "other bytes, same n";
  other.resize(real.content.size());
  swapped.content = other;
  Refusal differs = refusal_of([&] { store_->create_report(s, "reporter", {swapped}); });
  EXPECT_EQ(differs.field(), "attachments");
  EXPECT_NE(std::string(differs.what()).find("does not match the bytes"), std::string::npos);

  EXPECT_EQ(count("SELECT count(*) FROM reports"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM attachments"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM report_sequences"), 0);
}

TEST_F(StoreThreadTest, ARefusedMessageLeavesNothingWritten) {
  std::string id = new_report();
  store_->add_message(id, reporter_says("The first, accepted."));
  Snapshot before = snapshot(id);

  Upload forged = describe_upload("poc.txt", "text/plain", "abc");
  forged.content = "abd";
  NewMessage internal_by_reporter = reporter_says("let me in");
  internal_by_reporter.internal = true;
  std::vector<Upload> four;
  for (char c : std::string("abcd"))
    four.push_back(describe_upload("f.txt", "t", std::string(1, c)));
  struct Case {
    std::string what;
    NewMessage message;
    std::string field;
  };
  const Case cases[] = {
      {"an empty body", reporter_says(" \n"), "body"},
      {"a body over 64 KiB", reporter_says(std::string(65537, 'x')), "body"},
      {"malformed UTF-8", reporter_says("bad \xc3("), "body"},
      {"a file type the form refuses", reporter_says("f", {describe_upload("a.exe", "t", "MZ")}),
       "attachments"},
      {"too many files", reporter_says("f", four), "attachments"},
      {"a good file then a forged one",
       reporter_says("f", {describe_upload("ok.txt", "t", "fine"), forged}), "attachments"},
      {"an internal note by the reporter", internal_by_reporter, "internal"},
  };
  for (const auto& c : cases) {
    Refusal r = refusal_of([&] { store_->add_message(id, c.message); });
    EXPECT_EQ(r.field(), c.field) << c.what << ": " << r.what();
    EXPECT_TRUE(snapshot(id) == before) << c.what;
  }
  Refusal unknown = refusal_of([&] { store_->add_message("PYSPECTOR-1999-0001", team_says("x")); });
  EXPECT_EQ(unknown.kind(), Refusal::Kind::not_found);
  EXPECT_TRUE(snapshot(id) == before);
  // The next accepted message takes the next number: refusals consumed none.
  EXPECT_EQ(store_->add_message(id, reporter_says("Second.")).messages.back().seq, 2);
}

TEST_F(StoreThreadTest, LinksAreRefusedWhereTheProgramRefusesThem) {
  Policy no_links = test_policy("nolinks");
  no_links.intake.links_allowed = false;
  store_->apply_program(
      no_links, test_policy_source("nolinks") + "\n[intake]\nlinks_allowed = false\n", "cli");
  std::string id = store_->create_report(test_submission("nolinks", "t"), "r").report.id;
  EXPECT_EQ(refusal_of([&] {
              store_->add_message(id, reporter_says("see https://gist.github.com/x"));
            }).field(),
            "body");
  std::string elsewhere = new_report();
  EXPECT_NO_THROW(store_->add_message(elsewhere, reporter_says("see https://gist.github.com/x")));
}

TEST_F(StoreThreadTest, AuditEventsCarryNoBodyAndNoName) {
  std::string id = new_report();
  store_->add_message(id, reporter_says("SECRET-REPLY-TEXT", {describe_upload("a.txt", "t", "a")}));
  store_->add_message(id, team_says("SECRET-NOTE-TEXT", true));
  store_->change_credit(id, {CreditChoice::Kind::name, "Secret Reporter Name"}, "reporter");

  AuditQuery query;
  query.report = id;
  auto events = store_->audit_log(query);
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[1].action, "report.message");
  EXPECT_EQ(events[1].actor, "reporter");
  EXPECT_EQ(events[1].program, "pyspector");
  EXPECT_EQ(events[1].details, R"({"seq":1,"author":"reporter","internal":false,"attachments":1})");
  EXPECT_EQ(events[2].actor, "alice@team.example");
  EXPECT_EQ(events[2].details, R"({"seq":2,"author":"team","internal":true,"attachments":0})");
  EXPECT_EQ(events[3].action, "report.credit");
  EXPECT_EQ(events[3].details, R"({"kind":"name"})");
  for (const auto& e : events) {
    EXPECT_EQ(e.details.find("SECRET"), std::string::npos) << e.details;
  }
}

TEST_F(StoreThreadTest, AWithdrawnReportTakesNoMoreMessagesFromItsReporter) {
  std::string id = new_report();
  Transition withdraw;
  withdraw.from = State::new_report;
  withdraw.to = State::withdrawn;
  withdraw.actor = Actor::reporter;
  withdraw.actor_name = "reporter";
  store_->transition_report(id, withdraw);
  Snapshot before = snapshot(id);

  Refusal r = refusal_of([&] { store_->add_message(id, reporter_says("One more thing.")); });
  EXPECT_EQ(r.kind(), Refusal::Kind::conflict);
  EXPECT_EQ(r.field(), "state");
  EXPECT_TRUE(snapshot(id) == before);
  // The team may still write, e.g. to say it saw the withdrawal.
  EXPECT_EQ(store_->add_message(id, team_says("Noted, thank you.")).messages.size(), 1u);
}

TEST_F(StoreThreadTest, AReportTheTeamClosedTakesNoMoreMessagesFromItsReporter) {
  std::string original = new_report();
  std::string id = new_report();
  Transition close;
  close.from = State::new_report;
  close.to = State::duplicate;
  close.actor = Actor::team;
  close.actor_name = "alice@team.example";
  close.reason = "Reported before.";
  close.duplicate_of = original;
  store_->transition_report(id, close);
  Snapshot before = snapshot(id);

  Refusal r = refusal_of([&] { store_->add_message(id, reporter_says("But mine differs.")); });
  EXPECT_EQ(r.kind(), Refusal::Kind::conflict);
  EXPECT_EQ(r.field(), "state");
  EXPECT_NE(std::string(r.what()).find("duplicate"), std::string::npos) << r.what();
  EXPECT_TRUE(snapshot(id) == before);
  EXPECT_EQ(store_->add_message(id, team_says("Follow the original.")).messages.size(), 1u);

  // Reopened, the report takes the reporter's messages again.
  Transition reopen;
  reopen.from = State::duplicate;
  reopen.to = State::acknowledged;
  reopen.actor = Actor::team;
  reopen.actor_name = "alice@team.example";
  reopen.reason = "It is a different path.";
  store_->transition_report(id, reopen);
  EXPECT_EQ(store_->add_message(id, reporter_says("Thank you.")).messages.size(), 2u);
}

TEST_F(StoreThreadTest, ChangesTheCreditByTheProgramsRules) {
  std::string id = new_report();
  Report r = store_->change_credit(id, {CreditChoice::Kind::handle, "@finder"}, "reporter");
  EXPECT_EQ(r.submission.credit.kind, CreditChoice::Kind::handle);
  EXPECT_EQ(r.submission.credit.text, "@finder");
  Report found = *store_->find_report(id);
  EXPECT_EQ(found.submission.credit.kind, CreditChoice::Kind::handle);
  EXPECT_EQ(found.submission.credit.text, "@finder");

  Snapshot before = snapshot(id);
  for (const CreditChoice& bad : {CreditChoice{CreditChoice::Kind::name, " "},
                                  CreditChoice{CreditChoice::Kind::handle, std::string(201, 'h')},
                                  CreditChoice{CreditChoice::Kind::anonymous, "with a name"}}) {
    EXPECT_EQ(refusal_of([&] { store_->change_credit(id, bad, "reporter"); }).field(), "credit");
  }
  EXPECT_TRUE(snapshot(id) == before);

  // A program that names every reporter refuses anonymous credit.
  Policy named = test_policy("named");
  named.credit.anonymous_allowed = false;
  store_->apply_program(
      named, test_policy_source("named") + "\n[credit]\nanonymous_allowed = false\n", "cli");
  Submission s = test_submission("named", "t");
  s.credit = {CreditChoice::Kind::name, "Ann"};
  std::string named_id = store_->create_report(s, "r").report.id;
  Refusal refused = refusal_of([&] {
    store_->change_credit(named_id, {CreditChoice::Kind::anonymous, ""}, "reporter");
  });
  EXPECT_EQ(refused.field(), "credit");
  EXPECT_EQ(store_->find_report(named_id)->submission.credit.text, "Ann");
  EXPECT_EQ(
      refusal_of([&] { store_->change_credit("PYSPECTOR-1999-0001", {}, "reporter"); }).kind(),
      Refusal::Kind::not_found);
}

TEST_F(StoreThreadTest, ConcurrentMessagesGetDistinctNumbers) {
  std::string id = new_report();
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        std::string text = std::to_string(t) + "/" + std::to_string(i);
        store_->add_message(id, reporter_says(text, {describe_upload("f.txt", "t", text)}));
      }
    });
  }
  for (auto& t : threads) t.join();
  Report r = *store_->find_report(id);
  ASSERT_EQ(r.messages.size(), 80u);
  std::set<std::int64_t> files;
  for (std::size_t i = 0; i < r.messages.size(); ++i) {
    EXPECT_EQ(r.messages[i].seq, static_cast<std::int64_t>(i + 1));
    ASSERT_EQ(r.messages[i].attachments.size(), 1u);
    const auto& a = r.messages[i].attachments[0];
    files.insert(a.id);
    EXPECT_EQ(store_->find_attachment(id, a.id)->content, r.messages[i].body);
  }
  EXPECT_EQ(files.size(), 80u);
}

// A report stored before the thread existed kept its files' metadata in reports.attachments
// (JSON) and never their bytes: after the migration it still lists them, with id 0.
TEST_F(SqliteStoreTest, AReportFromBeforeTheThreadStillReadsItsFiles) {
  {
    auto db = sqlite::open_write_connection(db_path());
    sql::migrate(*db, std::span(migrations()).first(1), system_time().now());
    db->query(
          "INSERT INTO programs (slug, id_prefix, source, revision, created_at, updated_at)"
          " VALUES ('pyspector', 'PYSPECTOR', ?1, 1, 0, 0)")
        .bind(1, test_policy_source("pyspector"))
        .run();
    db->exec(
        "INSERT INTO reports (public_id, program, year, sequence, state, title, channel,"
        " consented, credit_kind, credit_text, fields, attachments, tracking_hash, received_at,"
        " updated_at) VALUES ('PYSPECTOR-2025-0001', 1, 2025, 1, 'new', 'Old', 'form', 1,"
        " 'anonymous', '', '{\"title\":\"Old\",\"description\":\"d\"}',"
        " '[{\"file_name\":\"old.txt\",\"media_type\":\"text/plain\",\"size\":5,"
        "\"sha256\":\"ab\"}]', 'hash', 0, 0)");
  }
  Store& store = open();
  Report old = *store.find_report("PYSPECTOR-2025-0001");
  ASSERT_EQ(old.submission.attachments.size(), 1u);
  EXPECT_EQ(old.submission.attachments[0].file_name, "old.txt");
  EXPECT_EQ(old.submission.attachments[0].size, 5u);
  EXPECT_EQ(old.submission.attachments[0].id, 0);
  EXPECT_FALSE(store.find_attachment("PYSPECTOR-2025-0001", 0));
  EXPECT_TRUE(old.messages.empty());

  // It takes messages and files like any other; their numbers start at 1.
  Report replied =
      store.add_message(old.id, reporter_says("Still here.", {describe_upload("n.txt", "t", "n")}));
  EXPECT_EQ(replied.submission.attachments.size(), 1u);
  EXPECT_EQ(replied.messages[0].attachments[0].id, 1);
  EXPECT_EQ(store.find_attachment(old.id, 1)->content, "n");
}

// --- kill -9 ----------------------------------------------------------------------------------

constexpr int kWriters = 4;

// The child: adds messages with a file from several threads, and tells the parent each
// message's text only after add_message has returned, i.e. after the store acknowledged it.
[[noreturn]] void write_messages_until_killed(const std::function<std::unique_ptr<Store>()>& open,
                                              const std::string& id, int out) {
  try {
    auto store = open();
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&store, &id, out, w] {
        for (int i = 0;; ++i) {
          std::string text = std::to_string(w) + "-" + std::to_string(i);
          store->add_message(id, reporter_says(text, {describe_upload("f.txt", "t", text)}));
          std::string line = text + "\n";
          if (::write(out, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
            ::_exit(3);
          }
        }
      });
    }
    for (auto& w : writers) w.join();
  } catch (const std::exception& e) {
    std::string message = std::string("child: ") + e.what() + "\n";
    [[maybe_unused]] auto ignored = ::write(2, message.data(), message.size());
  }
  ::_exit(2);
}

std::vector<std::string> lines_until_killed(pid_t child, int in, std::chrono::milliseconds run) {
  auto deadline = std::chrono::steady_clock::now() + run;
  std::string buffer;
  char chunk[4096];
  bool killed = false;
  for (;;) {
    if (!killed && std::chrono::steady_clock::now() >= deadline) {
      ::kill(child, SIGKILL);
      killed = true;
    }
    pollfd p{in, POLLIN, 0};
    if (::poll(&p, 1, killed ? 1000 : 50) <= 0) {
      if (killed) break;
      continue;
    }
    ssize_t n = ::read(in, chunk, sizeof chunk);
    if (n <= 0) break;
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  std::vector<std::string> lines;
  std::istringstream stream(buffer.substr(0, buffer.rfind('\n') + 1));
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

// Every acknowledged message is there after kill -9 with its file's bytes, and no message is
// there without its file (a message and its files are one write). The store is closed before
// the fork, so the child starts from a single-threaded copy of this process.
TEST_F(StoreThreadTest, EveryAcknowledgedMessageSurvivesSigkillWithItsFile) {
  std::string id = new_report();
  store_.reset();
  int pipe_ends[2];
  ASSERT_EQ(::pipe(pipe_ends), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_ends[0]);
    write_messages_until_killed([this] { return open_another(1, 64); }, id, pipe_ends[1]);
  }
  ::close(pipe_ends[1]);
  auto acknowledged = lines_until_killed(child, pipe_ends[0], std::chrono::milliseconds(1500));
  ::close(pipe_ends[0]);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "status " << status;
  ASSERT_FALSE(acknowledged.empty());
  wait_for_sessions_of(child);

  if (!on_postgres()) {
    auto db = raw();
    auto q = db->query("PRAGMA integrity_check");
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.text(0), "ok");
  }
  open();
  Report r = *store_->find_report(id);
  std::set<std::string> stored;
  for (const auto& m : r.messages) {
    stored.insert(m.body);
    ASSERT_EQ(m.attachments.size(), 1u) << m.body;
    auto file = store_->find_attachment(id, m.attachments[0].id);
    ASSERT_TRUE(file) << m.body;
    EXPECT_EQ(file->content, m.body);
    EXPECT_EQ(file->info.sha256, describe_upload("f", "t", m.body).info.sha256);
  }
  std::size_t missing = 0;
  for (const auto& text : acknowledged) missing += stored.count(text) == 0 ? 1 : 0;
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged messages";
  EXPECT_EQ(count("SELECT count(*) FROM messages"), count("SELECT count(*) FROM attachments"));
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE action = 'report.message'"),
            static_cast<std::int64_t>(r.messages.size()));
  RecordProperty("acknowledged_messages", static_cast<int>(acknowledged.size()));
}

// The reporter answers while the team waits on them: the report goes back to where it was, by the
// reporter, and is marked unread for the team until a member opens it or answers.
TEST_F(StoreThreadTest, TheReportersAnswerResumesTheReportAndIsMarkedUnread) {
  std::string id = new_report();
  store_->transition_report(id, team_transition(State::new_report, State::acknowledged));
  store_->transition_report(id, team_transition(State::acknowledged, State::triaged));
  store_->transition_report(
      id, team_transition(State::triaged, State::needs_info, "Which version do you run?"));
  Report answered = store_->add_message(id, reporter_says("Version 0.1.3, on Linux."));
  EXPECT_EQ(answered.state, State::triaged);
  const Transition& back = answered.history.back();
  EXPECT_EQ(back.from, State::needs_info);
  EXPECT_EQ(back.to, State::triaged);
  EXPECT_EQ(back.actor, Actor::reporter);
  EXPECT_TRUE(answered.reporter_replied);
  EXPECT_TRUE(store_->find_report(id)->reporter_replied);

  ReportQuery query;
  query.order = ReportOrder::received;
  auto listed = store_->list_reports(query);
  ASSERT_FALSE(listed.reports.empty());
  EXPECT_TRUE(listed.reports.front().reporter_replied);

  store_->mark_read_by_team(id);
  EXPECT_FALSE(store_->find_report(id)->reporter_replied);
  store_->add_message(id, reporter_says("One more thing."));
  EXPECT_EQ(store_->find_report(id)->state, State::triaged) << "only a waiting report moves";
  EXPECT_TRUE(store_->find_report(id)->reporter_replied);
  store_->add_message(id, team_says("Thanks, noted."));
  EXPECT_FALSE(store_->find_report(id)->reporter_replied) << "answering reads it too";
}

// Times are whole seconds: a message and the state change made with it keep their order by
// step, across the two tables.
TEST_F(StoreThreadTest, TransitionsAndMessagesShareOneOrderOfSteps) {
  std::string id = new_report();
  store_->add_message(id, team_says("We are looking at it."));
  store_->transition_report(id, team_transition(State::new_report, State::acknowledged));
  store_->add_message(id, team_says("And it is confirmed."));
  Report r = *store_->find_report(id);
  ASSERT_EQ(r.messages.size(), 2U);
  ASSERT_EQ(r.history.size(), 1U);
  EXPECT_LT(r.messages[0].step, r.history[0].step);
  EXPECT_LT(r.history[0].step, r.messages[1].step);
}

}  // namespace
}  // namespace embargo::store::testing
