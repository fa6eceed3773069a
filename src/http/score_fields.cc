#include "http/score_fields.h"

#include <variant>

#include "scoring/cvss.h"
#include "scoring/cwe.h"

namespace embargo::http {

std::optional<std::string> cvss_score_words(const std::string& vector, std::string* problem) {
  auto assessed = scoring::assess_cvss(vector);
  if (const auto* a = std::get_if<scoring::CvssAssessment>(&assessed)) {
    std::string score =
        std::to_string(a->score_tenths / 10) + "." + std::to_string(a->score_tenths % 10);
    return score + " " + std::string(scoring::to_string(a->rating)) + " (" + a->nomenclature + ")";
  }
  *problem = "CVSS vector " + scoring::describe(std::get<scoring::CvssError>(assessed));
  return std::nullopt;
}

kainjow::mustache::list cwe_suggestions() {
  kainjow::mustache::list entries;
  for (const auto& cwe : scoring::view_1003()) {
    TemplateData entry = kainjow::mustache::object{};
    entry.set("value", "CWE-" + std::to_string(cwe.id));
    entry.set("words", std::string(cwe.name));
    entries.push_back(entry);
  }
  return entries;
}

}  // namespace embargo::http
