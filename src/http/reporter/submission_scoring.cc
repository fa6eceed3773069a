#include "http/reporter/submission_scoring.h"

#include <cctype>
#include <optional>
#include <variant>

#include "core/text.h"
#include "scoring/cvss.h"
#include "scoring/cwe.h"

namespace embargo::http {

namespace {

std::string_view rating_words(scoring::CvssRating rating) {
  switch (rating) {
    case scoring::CvssRating::kNone:
      return "None";
    case scoring::CvssRating::kLow:
      return "Low";
    case scoring::CvssRating::kMedium:
      return "Medium";
    case scoring::CvssRating::kHigh:
      return "High";
    case scoring::CvssRating::kCritical:
      return "Critical";
  }
  return "None";
}

std::string score_words(int tenths) {
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10);
}

// A severity chosen beside a vector must be the vector's rating: PySpector's form took "Low"
// with a vector scoring 10.0.
std::optional<std::string> severity_contradiction(const Submission& submission,
                                                  const scoring::CvssAssessment& assessed) {
  const std::string* chosen = submission.get(ReportField::severity);
  if (chosen == nullptr) return std::nullopt;
  auto words = rating_words(assessed.rating);
  std::string lower = ascii_lower(words);
  if (*chosen == lower) return std::nullopt;
  std::string said = "the CVSS vector scores " + score_words(assessed.score_tenths) +
                     ", which is " + std::string(words);
  if (assessed.rating == scoring::CvssRating::kNone) {
    return said + ": no severity; correct the vector, or leave it out and choose the severity";
  }
  return said + ": choose " + std::string(words) + ", or correct the vector";
}

}  // namespace

void rate_from_vector(Submission& submission, const Policy& policy) {
  const std::string* vector = submission.get(ReportField::cvss_vector);
  if (vector == nullptr || submission.get(ReportField::severity) != nullptr ||
      policy.form.find(ReportField::severity) == nullptr) {
    return;
  }
  auto assessed = scoring::assess_cvss(*vector);
  const auto* scored = std::get_if<scoring::CvssAssessment>(&assessed);
  if (scored == nullptr || scored->rating == scoring::CvssRating::kNone) return;
  submission.fields[ReportField::severity] = ascii_lower(rating_words(scored->rating));
}

std::map<std::string, std::string> scoring_problems(const Submission& submission) {
  std::map<std::string, std::string> problems;
  if (const std::string* vector = submission.get(ReportField::cvss_vector)) {
    auto assessed = scoring::assess_cvss(*vector);
    if (const auto* error = std::get_if<scoring::CvssError>(&assessed)) {
      problems["cvss_vector"] = "CVSS vector " + scoring::describe(*error);
    } else if (auto contradiction = severity_contradiction(
                   submission, std::get<scoring::CvssAssessment>(assessed))) {
      problems["severity"] = "severity: " + *contradiction;
    }
  }
  if (const std::string* cwe = submission.get(ReportField::cwe)) {
    std::string error;
    auto id = scoring::parse_cwe_id(*cwe, &error);
    if (!id) {
      problems["cwe"] = "CWE: " + error;
    } else if (scoring::find_cwe(*id) == nullptr) {
      problems["cwe"] = "CWE-" + std::to_string(*id) + " is not in the CWE catalogue";
    }
  }
  return problems;
}

}  // namespace embargo::http
