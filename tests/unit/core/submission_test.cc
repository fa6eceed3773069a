#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/policy.h"
#include "core/report.h"
#include "refusal.h"

namespace embargo {
namespace {

// A form like the seeds': contact, title, severity, description, steps; nothing else.
Policy form_policy() {
  Policy p;
  p.identity.slug = "demo";
  p.form.fields = {
      {ReportField::reporter_name, false, "", ""},
      {ReportField::reporter_email, false, "", ""},
      {ReportField::title, true, "", ""},
      {ReportField::severity, false, "", ""},
      {ReportField::description, true, "", ""},
      {ReportField::steps_to_reproduce, false, "How to reproduce", ""},
      {ReportField::affected_component, false, "", ""},
  };
  p.form.anonymous_allowed = true;
  p.form.consent_required = true;
  p.form.attachments = {true, {".txt", ".py", ".tar.gz"}, 1000, 2, ""};
  return p;
}

Submission good_submission() {
  Submission s;
  s.program = "demo";
  s.fields = {
      {ReportField::title, "Command injection in the exporter"},
      {ReportField::severity, "high"},
      {ReportField::description, "Line one.\n\tLine two, indented.\r\nÜnïcödé 日本 🙂"},
  };
  s.consented = true;
  return s;
}

using embargo::testing::refusal_of;

Refusal refusal(const Submission& s, const Policy& p) {
  return refusal_of([&] { validate_submission(s, p); });
}

void expect_refused(const Submission& s, const Policy& p, const std::string& field,
                    const std::string& message_start = "") {
  Refusal r = refusal(s, p);
  EXPECT_EQ(r.kind(), Refusal::Kind::invalid);
  EXPECT_EQ(r.field(), field) << r.what();
  EXPECT_TRUE(std::string(r.what()).starts_with(message_start)) << r.what();
}

TEST(Submission, GetReturnsTheValueOrNothing) {
  Submission s = good_submission();
  ASSERT_NE(s.get(ReportField::title), nullptr);
  EXPECT_EQ(*s.get(ReportField::title), "Command injection in the exporter");
  EXPECT_EQ(s.get(ReportField::cwe), nullptr);
}

TEST(ValidateSubmission, AcceptsAFullGoodSubmission) {
  Submission s = good_submission();
  s.fields[ReportField::reporter_name] = "Ada Lovelace";
  s.fields[ReportField::reporter_email] = "ada@example.org";
  s.fields[ReportField::steps_to_reproduce] = "1. run it\n2. see it";
  s.credit = {CreditChoice::Kind::handle, "@ada"};
  s.attachments = {{"poc.py", "text/x-python", 1000, ""}, {"LOG.TXT", "text/plain", 12, ""}};
  EXPECT_NO_THROW(validate_submission(s, form_policy()));
}

TEST(ValidateSubmission, RequiredFieldMissingOrBlank) {
  Submission s = good_submission();
  s.fields.erase(ReportField::title);
  expect_refused(s, form_policy(), "title", "title: required");
  s.fields[ReportField::title] = " \t\n ";
  expect_refused(s, form_policy(), "title", "title: required");
}

TEST(ValidateSubmission, MessagesUseTheFormsLabel) {
  Policy p = form_policy();
  p.form.fields[5].required = true;  // steps_to_reproduce, labelled "How to reproduce"
  Refusal r = refusal(good_submission(), p);
  EXPECT_EQ(r.field(), "steps_to_reproduce");
  EXPECT_EQ(std::string(r.what()), "How to reproduce: required");
}

// A form shows every problem at once, each beside its field; the first is the one
// validate_submission throws.
TEST(SubmissionProblems, NamesEveryFieldAtFaultInFormOrder) {
  Submission s = good_submission();
  s.fields.erase(ReportField::title);
  s.fields[ReportField::severity] = "urgent";
  s.fields[ReportField::cwe] = "CWE-79";
  s.consented = false;
  std::vector<std::string> fields;
  for (const auto& r : submission_problems(s, form_policy())) fields.push_back(r.field());
  EXPECT_EQ(fields, (std::vector<std::string>{"title", "severity", "cwe", "consent"}));
  expect_refused(s, form_policy(), "title", "title: required");
  EXPECT_TRUE(submission_problems(good_submission(), form_policy()).empty());
}

// A reporter may always give a CVSS vector: the form shows the field after the severity even
// when the policy does not list it, and intake accepts it.
TEST(ValidateSubmission, EveryFormTakesAnOptionalCvssVector) {
  Policy p = form_policy();
  std::vector<ReportField> shown;
  for (const auto& f : p.form.shown_fields()) shown.push_back(f.field);
  ASSERT_EQ(shown.size(), p.form.fields.size() + 1);
  EXPECT_EQ(shown[4], ReportField::cvss_vector);
  EXPECT_EQ(shown[3], ReportField::severity);
  EXPECT_FALSE(p.form.shown_fields()[4].required);
  Submission s = good_submission();
  s.fields[ReportField::cvss_vector] =
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  EXPECT_NO_THROW(validate_submission(s, p));
  p.form.fields.push_back({ReportField::cvss_vector, true, "Vector", ""});
  EXPECT_EQ(p.form.shown_fields().size(), p.form.fields.size());
  s.fields.erase(ReportField::cvss_vector);
  expect_refused(s, p, "cvss_vector", "Vector: required");
}

TEST(ValidateSubmission, RefusesAFieldTheFormDoesNotAskFor) {
  Submission s = good_submission();
  s.fields[ReportField::cwe] = "CWE-78";
  expect_refused(s, form_policy(), "cwe", "cwe: this program's form does not ask for it");
}

TEST(ValidateSubmission, ValueLengthLimitIsInclusive) {
  Submission s = good_submission();
  std::size_t limit = info(ReportField::title).max_bytes;
  s.fields[ReportField::title] = std::string(limit, 'x');
  EXPECT_NO_THROW(validate_submission(s, form_policy()));
  s.fields[ReportField::title] = std::string(limit + 1, 'x');
  expect_refused(s, form_policy(), "title", "title: at most");
}

TEST(ValidateSubmission, RefusesInvalidUtf8) {
  const std::vector<std::string> bad = {
      "truncated \xE6\x97",          // first two bytes of a three-byte sequence
      "lone continuation \x80",      // no lead byte
      "overlong slash \xC0\xAF",     // '/' in two bytes
      "overlong \xE0\x80\xAF",       // '/' in three bytes
      "surrogate \xED\xA0\x80",      // U+D800
      "too large \xF4\x90\x80\x80",  // U+110000
      "invalid lead \xFF",
  };
  for (const auto& value : bad) {
    Submission s = good_submission();
    s.fields[ReportField::description] = value;
    expect_refused(s, form_policy(), "description", "description: not valid UTF-8");
  }
}

TEST(ValidateSubmission, RefusesControlCharactersButTabAndLineBreaks) {
  for (std::string value : {std::string("bell \x07"), std::string("nul \0x", 6),
                            std::string("del \x7F"), std::string("c1 next line \xC2\x85")}) {
    Submission s = good_submission();
    s.fields[ReportField::description] = value;
    expect_refused(s, form_policy(), "description", "description: contains the control character");
  }
  Submission s = good_submission();
  s.fields[ReportField::title] = "two\nlines";
  expect_refused(s, form_policy(), "title", "title: line breaks are not allowed");
  s.fields[ReportField::title] = "tab\tinside";
  EXPECT_NO_THROW(validate_submission(s, form_policy()));
}

TEST(ValidateSubmission, SeverityIsOneOfTheFourLowerCaseNames) {
  for (std::string ok : {"low", "medium", "high", "critical"}) {
    Submission s = good_submission();
    s.fields[ReportField::severity] = ok;
    EXPECT_NO_THROW(validate_submission(s, form_policy())) << ok;
  }
  for (std::string bad : {"High", "urgent", "none", "high "}) {
    Submission s = good_submission();
    s.fields[ReportField::severity] = bad;
    expect_refused(s, form_policy(), "severity", "severity: must be one of low, medium, high");
  }
}

TEST(ValidateSubmission, ReporterEmailMustLookLikeAnAddress) {
  Submission s = good_submission();
  s.fields[ReportField::reporter_email] = "not-an-address";
  expect_refused(s, form_policy(), "reporter_email", "reporter_email: 'not-an-address'");
  s.fields[ReportField::reporter_email] = "ada@example.org";
  EXPECT_NO_THROW(validate_submission(s, form_policy()));
}

TEST(ValidateSubmission, ProgramWithoutAnonymousReportsNeedsNameAndAddress) {
  Policy p = form_policy();
  p.form.anonymous_allowed = false;
  Submission s = good_submission();
  expect_refused(s, p, "reporter_name", "reporter_name: required");
  s.fields[ReportField::reporter_name] = "N/A";  // the seeds' way of saying "anonymous"
  expect_refused(s, p, "reporter_name", "reporter_name: required");
  s.fields[ReportField::reporter_name] = "Ada Lovelace";
  expect_refused(s, p, "reporter_email", "reporter_email: required");
  s.fields[ReportField::reporter_email] = "ada@example.org";
  EXPECT_NO_THROW(validate_submission(s, p));
}

TEST(ValidateSubmission, IdentityIsAskedForEvenWhenTheFormForgetsIt) {
  Policy p = form_policy();
  p.form.anonymous_allowed = false;
  p.form.fields.erase(p.form.fields.begin(), p.form.fields.begin() + 2);
  Submission s = good_submission();
  expect_refused(s, p, "reporter_name", "reporter_name: required");
  s.fields[ReportField::reporter_name] = "Ada Lovelace";
  s.fields[ReportField::reporter_email] = "ada@example.org";
  EXPECT_NO_THROW(validate_submission(s, p));
}

TEST(ValidateSubmission, AnonymousProgramAcceptsNoNameOrNA) {
  Submission s = good_submission();
  s.fields[ReportField::reporter_name] = "N/A";
  EXPECT_NO_THROW(validate_submission(s, form_policy()));
}

TEST(ValidateSubmission, CreditChoiceMatchesItsText) {
  Submission s = good_submission();
  s.credit = {CreditChoice::Kind::name, ""};
  expect_refused(s, form_policy(), "credit", "credit: the name to credit is empty");
  s.credit = {CreditChoice::Kind::handle, "  "};
  expect_refused(s, form_policy(), "credit", "credit: the handle to credit is empty");
  s.credit = {CreditChoice::Kind::anonymous, "Ada"};
  expect_refused(s, form_policy(), "credit", "credit: anonymous credit");
  s.credit = {CreditChoice::Kind::name, "Ada\nLovelace"};
  expect_refused(s, form_policy(), "credit", "credit: line breaks");
  s.credit = {CreditChoice::Kind::name, "Ada Lovelace"};
  EXPECT_NO_THROW(validate_submission(s, form_policy()));
}

TEST(ValidateSubmission, ConsentWhenTheProgramRequiresIt) {
  Submission s = good_submission();
  s.consented = false;
  expect_refused(s, form_policy(), "consent", "consent:");
  Policy p = form_policy();
  p.form.consent_required = false;
  EXPECT_NO_THROW(validate_submission(s, p));
}

TEST(ValidateSubmission, AttachmentsFollowTheFormsRules) {
  Policy p = form_policy();  // .txt .py .tar.gz, at most 2 files of 1000 bytes
  Submission s = good_submission();
  s.attachments = {{"a.txt", "", 1000, ""}};
  EXPECT_NO_THROW(validate_submission(s, p));

  s.attachments = {{"a.txt", "", 1001, ""}};
  expect_refused(s, p, "attachments", "attachments: 'a.txt': 1001 bytes is over the limit");
  s.attachments = {{"a.txt", "", 1, ""}, {"b.txt", "", 1, ""}, {"c.txt", "", 1, ""}};
  expect_refused(s, p, "attachments", "attachments: at most 2 files");
  s.attachments = {{"poc.exe", "", 1, ""}};
  expect_refused(s, p, "attachments", "attachments: 'poc.exe': this type of file is not accepted");
  s.attachments = {{"POC.PY", "", 1, ""}, {"dump.Tar.Gz", "", 1, ""}};
  EXPECT_NO_THROW(validate_submission(s, p));
  s.attachments = {{".txt", "", 1, ""}};  // an extension with no name in front
  expect_refused(s, p, "attachments");

  p.form.attachments.allowed = false;
  s.attachments = {{"a.txt", "", 1, ""}};
  expect_refused(s, p, "attachments", "attachments: this program does not accept attachments");
}

TEST(ValidateSubmission, AttachmentNamesArePlainFileNames) {
  const std::vector<std::string> bad = {"",   " ",         "../a.txt", "dir/a.txt",  "c:\\a.txt",
                                        "..", "a\x01.txt", "a\n.txt",  "bad\xFF.txt"};
  for (const auto& name : bad) {
    Submission s = good_submission();
    s.attachments = {{name, "", 1, ""}};
    expect_refused(s, form_policy(), "attachments", "attachments: file 1");
  }
}

TEST(ValidateSubmission, LinksRefusedWhereTheProgramWantsEverythingInTheBody) {
  Policy p = form_policy();
  p.intake.links_allowed = false;
  for (std::string text : {"see http://gist.github.com/x", "see HTTPS://pastebin.com/raw/1",
                           "at www.dropbox.com/s/poc", "(https://[2606:4700::1111]:8443/)"}) {
    Submission s = good_submission();
    s.fields[ReportField::description] = text;
    expect_refused(s, p, "description", "description: links are not accepted");
    p.intake.links_allowed = true;
    EXPECT_NO_THROW(validate_submission(s, p));
    p.intake.links_allowed = false;
  }
  // Reproduction steps name the reporter's own setup: loopback and names reserved for examples
  // and tests are not other sites.
  for (std::string text :
       {"curl http://localhost:8000/../../etc/passwd", "open HTTP://127.0.0.1:5000/login",
        "GET http://[::1]/admin", "https://shop.example.com/x and http://api.example/y",
        "http://app.test/ or https://victim.localhost/", "www.example.org",
        "POST https://192.0.2.7/login and http://[2001:db8::5]:8080/"}) {
    Submission own = good_submission();
    own.fields[ReportField::steps_to_reproduce] = text;
    EXPECT_NO_THROW(validate_submission(own, p)) << text;
  }
  // The affected service is named by its URL; the contact address is not a link.
  Submission s = good_submission();
  s.fields[ReportField::affected_component] = "https://app.example.com/login";
  s.fields[ReportField::reporter_email] = "ada@www.example.org";
  EXPECT_NO_THROW(validate_submission(s, p));
}

TEST(ValidateSubmission, ReportsTheFirstFailingFieldInFormOrder) {
  Policy p = form_policy();
  Submission s = good_submission();
  s.fields[ReportField::severity] = "urgent";
  s.fields.erase(ReportField::title);
  // title comes before severity on this form.
  expect_refused(s, p, "title");
  std::swap(p.form.fields[2], p.form.fields[3]);
  expect_refused(s, p, "severity");
}

TEST(ValidateSubmission, FormFieldsAreCheckedBeforeCreditConsentAndAttachments) {
  Submission s = good_submission();
  s.fields.erase(ReportField::description);
  s.consented = false;
  s.credit = {CreditChoice::Kind::name, ""};
  s.attachments = {{"x.exe", "", 1, ""}};
  expect_refused(s, form_policy(), "description");
  s.fields[ReportField::description] = "ok";
  expect_refused(s, form_policy(), "credit");
  s.credit = {};
  expect_refused(s, form_policy(), "consent");
  s.consented = true;
  expect_refused(s, form_policy(), "attachments");
}

TEST(ValidateSubmission, ReportsArriveOnlyThroughChannelsTheProgramOpened) {
  Policy p = form_policy();
  p.intake = {.web_form = true, .api = false, .email = false};
  Submission s = good_submission();
  s.channel = "form";
  EXPECT_NO_THROW(validate_submission(s, p));
  s.channel = "cli";  // the team's own import
  EXPECT_NO_THROW(validate_submission(s, p));
  s.channel = "api";
  expect_refused(s, p, "channel", "this program does not take reports by api");
  s.channel = "email";
  expect_refused(s, p, "channel", "this program does not take reports by email");
  s.channel = "carrier pigeon";
  expect_refused(s, p, "channel", "unknown intake channel");
}

TEST(ValidateSubmission, AnonymousCreditOnlyWhereTheProgramAllowsIt) {
  Policy p = form_policy();
  Submission s = good_submission();
  s.credit = {CreditChoice::Kind::anonymous, ""};
  EXPECT_NO_THROW(validate_submission(s, p));
  p.credit.anonymous_allowed = false;
  expect_refused(s, p, "credit", "credit: this program credits reporters by name or handle");
  s.credit = {CreditChoice::Kind::name, "Ada Lovelace"};
  EXPECT_NO_THROW(validate_submission(s, p));
}

TEST(DisplayTitle, PrefersTheTitleThenTheTypeThenTheDescription) {
  Submission s;
  EXPECT_EQ(display_title(s), "");
  s.fields[ReportField::description] = "\n  Stored XSS in the profile page  \nDetails follow.";
  EXPECT_EQ(display_title(s), "Stored XSS in the profile page");
  s.fields[ReportField::vulnerability_type] = "Cross-site scripting";
  EXPECT_EQ(display_title(s), "Cross-site scripting");
  s.fields[ReportField::title] = "XSS in /profile";
  EXPECT_EQ(display_title(s), "XSS in /profile");
  s.fields[ReportField::title] = "   ";
  EXPECT_EQ(display_title(s), "Cross-site scripting");
}

TEST(DisplayTitle, CutsLongLinesOnACharacterBoundary) {
  Submission s;
  // 99 ASCII bytes then "é" (2 bytes: 0xC3 0xA9) straddles byte 100: the cut falls before it.
  s.fields[ReportField::description] = std::string(99, 'a') + "é and more";
  EXPECT_EQ(display_title(s), std::string(99, 'a') + "…");
  s.fields[ReportField::description] = std::string(100, 'b');
  EXPECT_EQ(display_title(s), std::string(100, 'b'));
}

}  // namespace
}  // namespace embargo
