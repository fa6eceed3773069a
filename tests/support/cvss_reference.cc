#include "cvss_reference.h"

#include <gtest/gtest.h>

#include <cmath>

namespace embargo::testing {

int tenths_of(const std::string& score) {
  return static_cast<int>(std::lround(std::stod(score) * 10));
}

RedHatVector parse_red_hat_line(const std::string& line) {
  RedHatVector out;
  std::size_t dash = line.find(" - ");
  if (dash == std::string::npos) {
    ADD_FAILURE() << "not a Red Hat vector line: " << line;
    return out;
  }
  out.vector = line.substr(0, dash);
  std::string rest = line.substr(dash + 3);
  if (!rest.empty() && rest.front() == '(') rest = rest.substr(1);
  std::size_t start = 0;
  while (start < rest.size()) {
    std::size_t end = std::min(rest.find_first_of(",)", start), rest.size());
    std::string field = rest.substr(start, end - start);
    if (field.empty()) break;
    if (field == "None") {
      out.tenths.emplace_back(std::nullopt);
    } else {
      out.tenths.emplace_back(tenths_of(field));
    }
    start = rest.find_first_not_of(", ", end + 1);
    if (start == std::string::npos || end == rest.size() || rest[end] == ')') break;
  }
  return out;
}

}  // namespace embargo::testing
