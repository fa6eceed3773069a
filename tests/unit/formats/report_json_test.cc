#include "formats/report_json.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace embargo::formats {
namespace {

TEST(SubmissionJson, ReadsFieldsCreditAndConsent) {
  Submission s = submission_from_json(R"({
    "title": "OS command injection in cli.py",
    "severity": "high",
    "description": "",
    "credit": {"kind": "handle", "text": "@finder"},
    "consent": true
  })",
                                      "pyspector");
  EXPECT_EQ(s.program, "pyspector");
  ASSERT_NE(s.get(ReportField::title), nullptr);
  EXPECT_EQ(*s.get(ReportField::title), "OS command injection in cli.py");
  EXPECT_EQ(*s.get(ReportField::severity), "high");
  EXPECT_EQ(s.get(ReportField::description), nullptr);  // empty values are absent
  EXPECT_EQ(s.credit.kind, CreditChoice::Kind::handle);
  EXPECT_EQ(s.credit.text, "@finder");
  EXPECT_TRUE(s.consented);
}

void expect_refused(std::string_view json, const std::string& field, const std::string& words) {
  try {
    submission_from_json(json, "p");
    ADD_FAILURE() << "accepted: " << json;
  } catch (const Refusal& e) {
    EXPECT_EQ(e.field(), field) << json;
    EXPECT_NE(std::string(e.what()).find(words), std::string::npos) << e.what();
  }
}

TEST(SubmissionJson, RefusesWithThePlaceAtFault) {
  expect_refused("", "body", "line 1, column 1");
  expect_refused("{\n  \"title\": \"x\",\n  oops\n}", "body", "line 3, column 3");
  expect_refused("[1,2]", "body", "JSON object");
  expect_refused(R"({"title": 5})", "title", "expected a string");
  expect_refused(R"({"colour": "red"})", "colour", "unknown field 'colour'");
  expect_refused(R"({"consent": "yes"})", "consent", "true or false");
  expect_refused(R"({"credit": "me"})", "credit", "expected an object");
  expect_refused(R"({"credit": {"kind": "famous"}})", "credit", "\"anonymous\"");
  expect_refused(R"({"credit": {"kind": "name", "extra": 1}})", "credit", "unknown key 'extra'");
  expect_refused(R"({"title": "x"} trailing)", "body", "malformed JSON");
}

}  // namespace
}  // namespace embargo::formats
