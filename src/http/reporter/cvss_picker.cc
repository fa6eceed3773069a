#include "http/reporter/cvss_picker.h"

#include <array>

#include "core/error.h"

namespace embargo::http {
namespace {

// The specification's own descriptions (CVSS v4.0 Specification Document, section 2), said
// the way a reporter would answer them.
constexpr std::array kAttackVector{
    CvssChoice{"N", "Over the network, from anywhere (remotely exploitable)"},
    CvssChoice{"A", "Only from an adjacent network (same LAN, Bluetooth, local subnet)"},
    CvssChoice{"L", "Only with local access, or by getting a user to open something"},
    CvssChoice{"P", "Only by physically touching the device"},
};
constexpr std::array kAttackComplexity{
    CvssChoice{"L", "No: it works every time, without defeating any protection"},
    CvssChoice{"H", "Yes: a protection such as ASLR or a secret must be defeated first"},
};
constexpr std::array kAttackRequirements{
    CvssChoice{"N", "No: it does not depend on how the target is deployed"},
    CvssChoice{"P", "Yes: it needs a race to be won, a particular setup, or a position on path"},
};
constexpr std::array kPrivileges{
    CvssChoice{"N", "None: an anonymous attacker can do it"},
    CvssChoice{"L", "An ordinary user account"},
    CvssChoice{"H", "An administrator's or other powerful account"},
};
constexpr std::array kUserInteraction{
    CvssChoice{"N", "No user has to do anything"},
    CvssChoice{"P", "A user only has to use the system normally (view a page, open a file)"},
    CvssChoice{"A", "A user has to take a deliberate step (click through a warning, install)"},
};
constexpr std::array kImpact{
    CvssChoice{"H", "High: total loss"},
    CvssChoice{"L", "Low: some loss, limited in what or how much"},
    CvssChoice{"N", "None"},
};

constexpr std::array kQuestions{
    CvssQuestion{"AV", "How does an attacker reach the vulnerable component?", kAttackVector},
    CvssQuestion{"AC", "Must the attacker defeat a security measure first?", kAttackComplexity},
    CvssQuestion{"AT", "Does the attack depend on conditions the attacker does not control?",
                 kAttackRequirements},
    CvssQuestion{"PR", "What access must the attacker already have?", kPrivileges},
    CvssQuestion{"UI", "Must another person take part?", kUserInteraction},
    CvssQuestion{"VC", "Confidentiality of the vulnerable system: what can be read?", kImpact},
    CvssQuestion{"VI", "Integrity of the vulnerable system: what can be changed?", kImpact},
    CvssQuestion{"VA", "Availability of the vulnerable system: can it be disrupted?", kImpact},
    CvssQuestion{"SC", "Confidentiality of other systems that depend on it", kImpact},
    CvssQuestion{"SI", "Integrity of other systems that depend on it", kImpact},
    CvssQuestion{"SA", "Availability of other systems that depend on it", kImpact},
};

}  // namespace

std::span<const CvssQuestion> cvss_questions() { return kQuestions; }

std::string cvss_field_name(std::string_view metric) { return "cvss_" + std::string(metric); }

std::optional<std::string> vector_from_answers(
    const std::map<std::string, std::string, std::less<>>& values) {
  std::string vector = "CVSS:4.0";
  int answered = 0;
  for (const auto& question : kQuestions) {
    auto it = values.find(cvss_field_name(question.metric));
    if (it == values.end() || it->second.empty()) continue;
    bool known = false;
    for (const auto& choice : question.choices) known = known || choice.value == it->second;
    if (!known) {
      throw invalid("cvss_vector", "CVSS picker: '" + it->second + "' is not an answer to \"" +
                                       std::string(question.question) + "\"");
    }
    vector += "/" + std::string(question.metric) + ":" + it->second;
    ++answered;
  }
  if (answered == 0) return std::nullopt;
  if (answered < static_cast<int>(kQuestions.size())) {
    throw invalid("cvss_vector", "CVSS picker: answer all " + std::to_string(kQuestions.size()) +
                                     " questions, or none (" + std::to_string(answered) +
                                     " answered)");
  }
  return vector;
}

}  // namespace embargo::http
