#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "scoring/cvss.h"

namespace embargo::formats {

// The one JSON shape of a CVSS assessment, shared by `embargo cvss --json` and GET /api/v1/cvss
// so that the report form, the triage page and scripts read the same thing. For a vector:
//   {"vector":<input>,"version":"4.0","score":8.7,"rating":"High","nomenclature":"CVSS-B",
//    "normalized":"CVSS:4.0/...","base_score":8.7,["temporal_score":..,]
//    ["environmental_score":..,]"warnings":[...]}
// and for a refused one
//   {"vector":<input>,"error":{"code":"invalid_vector","position":<1-based>,"message":...}}
// which is also the API's error shape (error.code, error.message) with the input beside it.
// Scores are JSON numbers with exactly one decimal. The text is one line, without a newline.
std::string cvss_to_json(std::string_view input, const scoring::CvssAssessment& assessment);
std::string cvss_to_json(std::string_view input, const scoring::CvssError& error);
std::string cvss_to_json(std::string_view input,
                         const std::variant<scoring::CvssAssessment, scoring::CvssError>& result);

// Text echoed from input, made fit for a JSON string: unchanged when it is valid UTF-8, else with
// every byte from 0x80 up written as \xNN (as CVSS error messages show control bytes), so that
// strict JSON readers accept what we say about any input.
std::string utf8_or_escaped(std::string_view text);

}  // namespace embargo::formats
