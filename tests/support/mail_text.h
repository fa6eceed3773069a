#pragma once

#include <string>

namespace embargo::testing {

// A mail as a reporter's client writes it: the test's "\n" line ends as CRLF.
inline std::string crlf(const std::string& text) {
  std::string out;
  out.reserve(text.size() + text.size() / 32);
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

}  // namespace embargo::testing
