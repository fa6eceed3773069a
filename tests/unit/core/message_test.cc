// The core rules of a report's thread: what a message may hold (validate_message), how an upload
// is described from its bytes (describe_upload) and the credit rules a later change reuses.
#include <gtest/gtest.h>

#include <string>

#include "core/error.h"
#include "core/policy.h"
#include "core/report.h"
#include "refusal.h"

namespace embargo {
namespace {

using embargo::testing::refusal_of;

// A program taking links and up to two .txt or .log files of 100 bytes each.
Policy thread_policy() {
  Policy p;
  p.identity.slug = "demo";
  p.form.attachments = {true, {".txt", ".log"}, 100, 2, ""};
  return p;
}

NewMessage reporter_message(const std::string& body) {
  NewMessage m;
  m.author = Actor::reporter;
  m.author_name = "reporter";
  m.body = body;
  return m;
}

NewMessage team_message(const std::string& body) {
  NewMessage m;
  m.author = Actor::team;
  m.author_name = "alice@team.example";
  m.body = body;
  return m;
}

Refusal refusal(const NewMessage& m, const Policy& p = thread_policy()) {
  return refusal_of([&] { validate_message(m, p); });
}

TEST(DescribeUpload, FillsSizeAndSha256FromTheBytes) {
  // FIPS 180-2's example: SHA-256("abc").
  Upload u = describe_upload("poc.txt", "text/plain", "abc");
  EXPECT_EQ(u.info.file_name, "poc.txt");
  EXPECT_EQ(u.info.media_type, "text/plain");
  EXPECT_EQ(u.info.size, 3u);
  EXPECT_EQ(u.info.sha256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(u.info.id, 0);  // the store numbers it
  EXPECT_EQ(u.content, "abc");

  Upload empty = describe_upload("empty.txt", "text/plain", "");
  EXPECT_EQ(empty.info.size, 0u);
  EXPECT_EQ(empty.info.sha256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  std::string binary("\0\xff\x01\n", 4);
  Upload b = describe_upload("dump.log", "application/octet-stream", binary);
  EXPECT_EQ(b.info.size, 4u);
  EXPECT_EQ(b.content, binary);
  EXPECT_EQ(b.info.sha256.size(), 64u);
}

TEST(DescribeUpload, DescribesOnlyTheBytesItWasMadeFrom) {
  Upload u = describe_upload("poc.txt", "text/plain", "abc");
  EXPECT_TRUE(describes(u.info, "abc"));
  EXPECT_FALSE(describes(u.info, "abd"));   // same size, other bytes
  EXPECT_FALSE(describes(u.info, "abcd"));  // other size
  AttachmentInfo claimed = u.info;
  claimed.size = 4;
  EXPECT_FALSE(describes(claimed, "abc"));
  claimed = u.info;
  claimed.sha256 = "BA7816BF8F01CFEA414140DE5DAE2223B00361A396177A9CB410FF61F20015AD";
  EXPECT_FALSE(describes(claimed, "abc"));  // only the store's own lower-case hex is trusted
}

TEST(ValidateMessage, AcceptsAReplyWithAttachments) {
  NewMessage m = reporter_message("Here is the log you asked for.\n\tIndented. Ünïcödé 🙂");
  m.uploads = {describe_upload("trace.LOG", "text/plain", "line"),
               describe_upload("poc.txt", "text/plain", std::string(100, 'x'))};
  EXPECT_NO_THROW(validate_message(m, thread_policy()));
  EXPECT_NO_THROW(validate_message(team_message("Thanks, confirmed."), thread_policy()));
  NewMessage note = team_message("Looks like CVE-2024-0001 again.");
  note.internal = true;
  EXPECT_NO_THROW(validate_message(note, thread_policy()));
}

TEST(ValidateMessage, RefusesAnEmptyOrBlankBody) {
  for (const std::string& body : {std::string(""), std::string(" "), std::string("\n\t\r\n ")}) {
    Refusal r = refusal(reporter_message(body));
    EXPECT_EQ(r.kind(), Refusal::Kind::invalid);
    EXPECT_EQ(r.field(), "body") << r.what();
    EXPECT_STREQ(r.what(), "body: the message is empty");
  }
}

TEST(ValidateMessage, BodyLimitIs64KiBInclusive) {
  EXPECT_NO_THROW(validate_message(reporter_message(std::string(65536, 'a')), thread_policy()));
  Refusal r = refusal(reporter_message(std::string(65537, 'a')));
  EXPECT_EQ(r.field(), "body");
  EXPECT_STREQ(r.what(), "body: at most 65536 bytes (got 65537)");
}

TEST(ValidateMessage, RefusesInvalidUtf8AndControlCharacters) {
  const std::string bad[] = {
      "\xc3",              // truncated sequence
      "\xc0\xaf",          // overlong '/'
      "\xed\xa0\x80",      // a surrogate
      "\xf4\x90\x80\x80",  // above U+10FFFF
      "\xff",
  };
  for (const auto& body : bad) {
    Refusal r = refusal(reporter_message("ok " + body));
    EXPECT_EQ(r.field(), "body");
    EXPECT_NE(std::string(r.what()).find("not valid UTF-8 (at byte 3)"), std::string::npos)
        << r.what();
  }
  Refusal nul = refusal(reporter_message(std::string("a\0b", 3)));
  EXPECT_EQ(nul.field(), "body");
  EXPECT_NE(std::string(nul.what()).find("U+0000"), std::string::npos) << nul.what();
  EXPECT_EQ(refusal(reporter_message("a\x1b[31mred")).field(), "body");
  EXPECT_EQ(refusal(reporter_message("a\xc2\x85"
                                     "b"))
                .field(),
            "body");  // C1 NEL
}

TEST(ValidateMessage, RefusesLinksOnlyWhereTheProgramDoes) {
  Policy no_links = thread_policy();
  no_links.intake.links_allowed = false;
  for (const std::string& body :
       {std::string("see https://gist.github.com/poc"), std::string("HTTP://evil.com"),
        std::string("at www.dropbox.com")}) {
    EXPECT_NO_THROW(validate_message(reporter_message(body), thread_policy())) << body;
    Refusal r = refusal(reporter_message(body), no_links);
    EXPECT_EQ(r.field(), "body") << body;
    EXPECT_NE(std::string(r.what()).find("links are not accepted"), std::string::npos);
  }
  EXPECT_NO_THROW(validate_message(reporter_message("no link here, just text"), no_links));
  EXPECT_NO_THROW(
      validate_message(reporter_message("it still fails on http://localhost:8000/x"), no_links));
}

TEST(ValidateMessage, AttachmentsFollowTheFormsRules) {
  NewMessage too_many = reporter_message("files");
  too_many.uploads = {describe_upload("a.txt", "text/plain", "a"),
                      describe_upload("b.txt", "text/plain", "b"),
                      describe_upload("c.txt", "text/plain", "c")};
  Refusal r = refusal(too_many);
  EXPECT_EQ(r.field(), "attachments");
  EXPECT_STREQ(r.what(), "attachments: at most 2 files (got 3)");

  NewMessage wrong_type = reporter_message("files");
  wrong_type.uploads = {describe_upload("poc.exe", "application/octet-stream", "MZ")};
  r = refusal(wrong_type);
  EXPECT_EQ(r.field(), "attachments");
  EXPECT_NE(std::string(r.what()).find("not accepted (accepted: .txt, .log)"), std::string::npos);

  NewMessage too_big = reporter_message("files");
  too_big.uploads = {describe_upload("big.txt", "text/plain", std::string(101, 'x'))};
  r = refusal(too_big);
  EXPECT_EQ(r.field(), "attachments");
  EXPECT_NE(std::string(r.what()).find("101 bytes is over the limit of 100"), std::string::npos);

  NewMessage with_path = reporter_message("files");
  with_path.uploads = {describe_upload("../etc/passwd.txt", "text/plain", "x")};
  EXPECT_EQ(refusal(with_path).field(), "attachments");

  Policy none = thread_policy();
  none.form.attachments = {};
  NewMessage one = reporter_message("files");
  one.uploads = {describe_upload("a.txt", "text/plain", "a")};
  r = refusal(one, none);
  EXPECT_EQ(r.field(), "attachments");
  EXPECT_STREQ(r.what(), "attachments: this program does not accept attachments");
}

TEST(ValidateMessage, OnlyTheTeamWritesInternalNotes) {
  NewMessage m = reporter_message("let me see the team's notes");
  m.internal = true;
  Refusal r = refusal(m);
  EXPECT_EQ(r.kind(), Refusal::Kind::forbidden);
  EXPECT_EQ(r.field(), "internal");
}

TEST(ValidateMessage, ATeamMessageNamesItsAuthor) {
  NewMessage m = team_message("Thanks.");
  m.author_name = " ";
  Refusal r = refusal(m);
  EXPECT_EQ(r.field(), "author_name");
}

TEST(ValidateCredit, FollowsTheProgramsCreditRules) {
  Credit rules;
  EXPECT_NO_THROW(validate_credit({CreditChoice::Kind::anonymous, ""}, rules));
  EXPECT_NO_THROW(validate_credit({CreditChoice::Kind::handle, "@finder"}, rules));
  EXPECT_NO_THROW(validate_credit({CreditChoice::Kind::name, std::string(200, 'n')}, rules));
  for (const CreditChoice& bad :
       {CreditChoice{CreditChoice::Kind::anonymous, "Ann"},
        CreditChoice{CreditChoice::Kind::name, ""}, CreditChoice{CreditChoice::Kind::handle, " \t"},
        CreditChoice{CreditChoice::Kind::name, std::string(201, 'n')},
        CreditChoice{CreditChoice::Kind::name, "two\nlines"},
        CreditChoice{CreditChoice::Kind::handle, "\xff"}}) {
    Refusal r = refusal_of([&] { validate_credit(bad, rules); });
    EXPECT_EQ(r.field(), "credit") << bad.text;
  }
  rules.anonymous_allowed = false;
  Refusal r = refusal_of([&] { validate_credit({CreditChoice::Kind::anonymous, ""}, rules); });
  EXPECT_EQ(r.field(), "credit");
  EXPECT_STREQ(r.what(), "credit: this program credits reporters by name or handle");
}

TEST(ReporterFiles, NumberTheSubmissionsFilesAndThoseOfVisibleMessagesWithoutTheNotesGaps) {
  Report r;
  r.submission.attachments = {{"poc.txt", "text/plain", 1, "", 1},
                              {"legacy.txt", "text/plain", 1, "", 0}};
  Message note;
  note.author = Actor::team;
  note.internal = true;
  note.attachments = {{"notes.txt", "text/plain", 1, "", 2}};
  Message reply;
  reply.author = Actor::team;
  reply.attachments = {{"patch.txt", "text/plain", 1, "", 3}, {"log.txt", "text/plain", 1, "", 4}};
  r.messages = {note, reply};
  ReporterFiles files(r);
  EXPECT_EQ(files.number_of(1), 1);
  EXPECT_EQ(files.number_of(3), 2);  // the reply's first file follows the submission's
  EXPECT_EQ(files.number_of(4), 3);
  EXPECT_EQ(files.number_of(2), 0);  // the internal note's
  EXPECT_EQ(files.number_of(0), 0);  // a file whose bytes were never stored
  EXPECT_EQ(files.id_of(1), 1);
  EXPECT_EQ(files.id_of(2), 3);
  EXPECT_EQ(files.id_of(3), 4);
  for (std::int64_t number : {0, 4, -1}) EXPECT_EQ(files.id_of(number), std::nullopt) << number;
  EXPECT_TRUE(reporter_may_see(reply));
  EXPECT_FALSE(reporter_may_see(note));
}

}  // namespace
}  // namespace embargo
