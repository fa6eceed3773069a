#include "http/reporter/cvss_picker.h"

#include <gtest/gtest.h>

#include <map>
#include <variant>

#include "core/error.h"
#include "scoring/cvss.h"

namespace embargo::http {
namespace {

using Values = std::map<std::string, std::string, std::less<>>;

TEST(CvssPicker, AsksOneQuestionPerBaseMetricInTheSpecificationsOrder) {
  std::string metrics;
  for (const auto& q : cvss_questions()) metrics += std::string(q.metric) + " ";
  EXPECT_EQ(metrics, "AV AC AT PR UI VC VI VA SC SI SA ");
}

// Every choice the picker offers is a value the CVSS 4.0 grammar allows for its metric: the
// vector made of the first (or last) answer to every question scores.
TEST(CvssPicker, EveryAnswerMakesAValidVector) {
  for (std::size_t pick = 0; pick < 4; ++pick) {
    Values values;
    for (const auto& q : cvss_questions()) {
      values[cvss_field_name(q.metric)] = q.choices[std::min(pick, q.choices.size() - 1)].value;
    }
    auto vector = vector_from_answers(values);
    ASSERT_TRUE(vector);
    EXPECT_TRUE(std::holds_alternative<scoring::CvssAssessment>(scoring::assess_cvss(*vector)))
        << *vector;
  }
}

TEST(CvssPicker, NoAnswerIsNoVectorAndSomeAnswersAreAProblem) {
  EXPECT_FALSE(vector_from_answers(Values{}));
  EXPECT_FALSE(vector_from_answers(Values{{"cvss_AV", ""}}));
  try {
    vector_from_answers(Values{{"cvss_AV", "N"}, {"cvss_AC", "L"}});
    FAIL() << "a half-answered picker was accepted";
  } catch (const Refusal& r) {
    EXPECT_EQ(r.field(), "cvss_vector");
    EXPECT_NE(std::string(r.what()).find("2 answered"), std::string::npos) << r.what();
  }
  EXPECT_THROW(vector_from_answers(Values{{"cvss_AV", "X"}}), Refusal);
}

}  // namespace
}  // namespace embargo::http
