#include "formats/state_words.h"

namespace embargo::formats {

std::string_view state_title(State state) {
  switch (state) {
    case State::new_report:
      return "New";
    case State::acknowledged:
      return "Acknowledged";
    case State::needs_info:
      return "Waiting on the reporter";
    case State::triaged:
      return "Triaged";
    case State::accepted:
      return "Accepted";
    case State::fixing:
      return "Fixing";
    case State::fixed:
      return "Fixed";
    case State::disclosed:
      return "Disclosed";
    case State::duplicate:
      return "Duplicate";
    case State::informative:
      return "Informative";
    case State::not_applicable:
      return "Not applicable";
    case State::out_of_scope:
      return "Out of scope";
    case State::spam:
      return "Spam";
    case State::withdrawn:
      return "Withdrawn";
  }
  return "Unknown";
}

}  // namespace embargo::formats
