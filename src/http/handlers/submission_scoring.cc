#include "http/handlers/submission_scoring.h"

#include <variant>

#include "scoring/cvss.h"
#include "scoring/cwe.h"

namespace embargo::http {

std::map<std::string, std::string> scoring_problems(const Submission& submission) {
  std::map<std::string, std::string> problems;
  if (const std::string* vector = submission.get(ReportField::cvss_vector)) {
    auto assessed = scoring::assess_cvss(*vector);
    if (const auto* error = std::get_if<scoring::CvssError>(&assessed)) {
      problems["cvss_vector"] = "CVSS vector " + scoring::describe(*error);
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
