#include "formats/policy_words.h"

#include <gtest/gtest.h>

namespace embargo::formats {
namespace {

Duration bd(int n) { return {n, Duration::Unit::business_days}; }
Duration hours(int n) { return {n, Duration::Unit::hours}; }
Duration days(int n) { return {n, Duration::Unit::days}; }

TEST(PolicyWordsTest, ResponseTimesInPlainWords) {
  Policy p;
  p.sla.acknowledge = hours(48);
  p.sla.triage = hours(96);
  p.sla.status_update = days(7);
  p.sla.resolution = {{Severity::critical, days(7)}, {Severity::low, days(90)}};
  EXPECT_EQ(
      response_time_sentences(p),
      (std::vector<std::string>{
          "We acknowledge reports within 48 hours.",
          "We give a substantive evaluation of a report within 96 hours of receiving it.",
          "While a report is open, you hear from us at least every 7 days.",
          "We aim to fix vulnerabilities rated critical within 7 days and low within 90 days.",
      }));
}

TEST(PolicyWordsTest, EqualAcknowledgeAndTriageAreOnePromise) {
  Policy p;
  p.sla.acknowledge = bd(7);
  p.sla.triage = bd(7);
  EXPECT_EQ(
      response_time_sentences(p),
      std::vector<std::string>{"We acknowledge and evaluate reports within 7 business days."});
}

TEST(PolicyWordsTest, NoPromisesNoSentences) {
  EXPECT_TRUE(response_time_sentences(Policy{}).empty());
  EXPECT_EQ(business_days_sentence(Policy{}), "");
}

TEST(PolicyWordsTest, BusinessDaysAreExplainedOnlyWhenAPromiseCountsThem) {
  Policy p;
  p.sla.acknowledge = hours(48);
  EXPECT_EQ(business_days_sentence(p), "");
  p.sla.acknowledge = bd(3);
  p.calendar.time_zone = "Europe/Amsterdam";
  p.calendar.holidays = {"2026-04-27", "2026-12-25"};
  EXPECT_EQ(business_days_sentence(p),
            "Business days are Monday to Friday in the time zone Europe/Amsterdam, except these "
            "holidays: 27 April 2026 and 25 December 2026.");
  p.calendar.weekend = {5, 6};  // Friday and Saturday
  p.calendar.holidays.clear();
  EXPECT_EQ(business_days_sentence(p),
            "Business days are Monday, Tuesday, Wednesday, Thursday and Sunday in the time zone "
            "Europe/Amsterdam.");
}

TEST(PolicyWordsTest, DisclosureCountsFromWhatThePolicySays) {
  Policy p;
  p.disclosure.embargo = days(0);
  p.disclosure.starts = Disclosure::Start::fix;
  EXPECT_EQ(disclosure_sentences(p).front(),
            "The details are made public when the fix is released.");
  p.disclosure.embargo = days(90);
  p.disclosure.starts = Disclosure::Start::report;
  p.disclosure.advisory_channels = {"ghsa", "release_notes"};
  EXPECT_EQ(disclosure_sentences(p),
            (std::vector<std::string>{
                "The details are made public at the latest 90 days after the report is received.",
                "Advisories are published in GitHub Security Advisories and the release notes.",
            }));
}

TEST(PolicyWordsTest, AttachmentsSentence) {
  Attachments a;
  EXPECT_EQ(attachments_sentence(a), "");
  a.allowed = true;
  a.extensions = {".txt"};
  a.max_bytes = 1000 * 1000;
  a.max_files = 1;
  EXPECT_EQ(attachments_sentence(a), "You may attach one .txt file of at most 1 MB.");
  a.extensions = {".txt", ".md", ".png"};
  a.max_bytes = 5 * 1000 * 1000;
  a.max_files = 3;
  EXPECT_EQ(
      attachments_sentence(a),
      "You may attach up to 3 files of at most 5 MB each, of these types: .txt, .md and .png.");
}

TEST(PolicyWordsTest, SizesAsPoliciesWriteThem) {
  EXPECT_EQ(size_words(1000 * 1000), "1 MB");
  EXPECT_EQ(size_words(512 * 1024), "512 KiB");
  EXPECT_EQ(size_words(1024 * 1024 * 1024), "1 GiB");
  EXPECT_EQ(size_words(300), "300 bytes");
  EXPECT_EQ(size_words(1), "1 byte");
}

TEST(PolicyWordsTest, FirstSentenceOfAnIntroduction) {
  EXPECT_EQ(first_sentence("We care. Really."), "We care.");
  EXPECT_EQ(first_sentence("No full stop"), "No full stop");
  EXPECT_EQ(first_sentence(""), "");
}

}  // namespace
}  // namespace embargo::formats
