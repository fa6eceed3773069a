// The report form's plain-language CVSS 4.0 picker: one question per base metric, so a reporter
// who does not know the vector syntax can still say what the attacker needs and what they gain.
// Without JavaScript the answers are posted and the server composes the vector; with it, the
// page composes it as the reporter chooses (web/static/cvss_score.js).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace embargo::http {

struct CvssChoice {
  std::string_view value;  // the metric value's letter, "N"
  std::string_view words;  // "Over the network, from anywhere"
};

struct CvssQuestion {
  std::string_view metric;    // "AV"
  std::string_view question;  // "How does an attacker reach the vulnerable component?"
  std::span<const CvssChoice> choices;
};

// The eleven base metrics of CVSS 4.0, in the specification's order.
std::span<const CvssQuestion> cvss_questions();

// The form field of a metric's question: "cvss_AV".
std::string cvss_field_name(std::string_view metric);

// The vector the answers make ("CVSS:4.0/AV:N/AC:L/..."), or nullopt when no question is
// answered. Throws Refusal (field "cvss_vector") when only some are answered or an answer is
// not one of its question's choices.
std::optional<std::string> vector_from_answers(
    const std::map<std::string, std::string, std::less<>>& values);

}  // namespace embargo::http
