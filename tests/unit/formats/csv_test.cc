// CSV exports: RFC 4180 quoting, protection against formula injection, and the columns of the
// queue and audit log exports.
#include "formats/csv.h"

#include <gtest/gtest.h>

#include <string>

#include "core/time.h"
#include "formats/audit_csv.h"
#include "formats/queue_csv.h"

namespace embargo::formats {
namespace {

TEST(CsvField, PlainTextIsWrittenAsItIs) {
  EXPECT_EQ(csv_field("PYSPECTOR-2026-0007"), "PYSPECTOR-2026-0007");
  EXPECT_EQ(csv_field("Path traversal in über-tool"), "Path traversal in über-tool");
  EXPECT_EQ(csv_field(""), "");
  // Formula characters inside a field, not at its start, are harmless.
  EXPECT_EQ(csv_field("a=b+c-d@e"), "a=b+c-d@e");
}

TEST(CsvField, CommasQuotesAndLineBreaksAreQuoted) {
  EXPECT_EQ(csv_field("XSS, stored"), "\"XSS, stored\"");
  EXPECT_EQ(csv_field("the \"admin\" page"), "\"the \"\"admin\"\" page\"");
  EXPECT_EQ(csv_field("line one\nline two"), "\"line one\nline two\"");
  EXPECT_EQ(csv_field("line one\r\nline two"), "\"line one\r\nline two\"");
  EXPECT_EQ(csv_field("\""), "\"\"\"\"");
}

TEST(CsvField, FieldsThatWouldStartAFormulaGetAnApostrophe) {
  EXPECT_EQ(csv_field("=1+1"), "'=1+1");
  EXPECT_EQ(csv_field("+1"), "'+1");
  EXPECT_EQ(csv_field("-1"), "'-1");
  EXPECT_EQ(csv_field("@SUM(A1:A2)"), "'@SUM(A1:A2)");
  EXPECT_EQ(csv_field("\t=1"), "'\t=1");
  // A leading CR both needs the apostrophe and forces quoting.
  EXPECT_EQ(csv_field("\r=1"), "\"'\r=1\"");
  // The apostrophe goes inside the quotes, before the formula.
  EXPECT_EQ(csv_field("=HYPERLINK(\"http://evil.example\",\"x\")"),
            "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\"");
  EXPECT_EQ(csv_field("-2+3,=cmd|' /C calc'!A0"), "\"'-2+3,=cmd|' /C calc'!A0\"");
}

TEST(CsvRecord, FieldsSeparatedByCommasEndedByCrlf) {
  EXPECT_EQ(csv_record({"a", "b,c", "", "=d"}), "a,\"b,c\",,'=d\r\n");
  EXPECT_EQ(csv_record({"only"}), "only\r\n");
}

TEST(QueueCsv, HeaderNamesTheColumns) {
  EXPECT_EQ(queue_csv_header(),
            "id,program,state,severity,title,received,due,due_clock,handler,labels\r\n");
}

TEST(QueueCsv, OneRecordPerReport) {
  QueueRow rated{"PYSPECTOR-2026-0007",
                 "pyspector",
                 State::needs_info,
                 Severity::high,
                 "SQL injection, in the search box",
                 parse_time("2026-01-05T10:00:00Z"),
                 parse_time("2026-02-04T10:00:00Z"),
                 ClockKind::resolution,
                 "alice@example.org",
                 {"needs-cve", "web"}};
  QueueRow unrated{"PYSPECTOR-2026-0008",
                   "pyspector",
                   State::new_report,
                   std::nullopt,
                   "=IMPORTXML(\"http://x\",\"//a\")",
                   parse_time("2026-01-06T23:59:59Z"),
                   std::nullopt,
                   std::nullopt,
                   "",
                   {}};
  EXPECT_EQ(queue_csv_records({rated, unrated}),
            "PYSPECTOR-2026-0007,pyspector,needs_info,high,\"SQL injection, in the search "
            "box\",2026-01-05T10:00:00Z,2026-02-04T10:00:00Z,resolution,alice@example.org,"
            "needs-cve web\r\n"
            "PYSPECTOR-2026-0008,pyspector,new,,\"'=IMPORTXML(\"\"http://x\"\",\"\"//a\"\")\","
            "2026-01-06T23:59:59Z,,,,\r\n");
  EXPECT_EQ(queue_csv_records({}), "");
}

TEST(AuditCsv, HeaderNamesTheColumns) {
  EXPECT_EQ(audit_csv_header(), "seq,at,actor,action,program,report,details\r\n");
}

TEST(AuditCsv, OneRecordPerEventWithItsJsonDetailsQuoted) {
  AuditEvent transition{42,
                        parse_time("2026-01-05T12:00:00Z"),
                        "handler@example.org",
                        "report.transition",
                        "pyspector",
                        "PYSPECTOR-2026-0007",
                        R"({"from":"new","to":"acknowledged"})"};
  AuditEvent applied{
      43, parse_time("2026-01-06T08:00:00Z"), "cli", "program.applied", "pyspector", "", "{}"};
  EXPECT_EQ(audit_csv_records({transition, applied}),
            "42,2026-01-05T12:00:00Z,handler@example.org,report.transition,pyspector,"
            "PYSPECTOR-2026-0007,\"{\"\"from\"\":\"\"new\"\",\"\"to\"\":\"\"acknowledged\"\"}\"\r\n"
            "43,2026-01-06T08:00:00Z,cli,program.applied,pyspector,,{}\r\n");
}

TEST(AuditCsv, AnActorNamedLikeAFormulaIsText) {
  AuditEvent e{1, parse_time("2026-01-05T12:00:00Z"), "@evil", "user.created", "", "", "{}"};
  EXPECT_EQ(audit_csv_records({e}), "1,2026-01-05T12:00:00Z,'@evil,user.created,,,{}\r\n");
}

}  // namespace
}  // namespace embargo::formats
