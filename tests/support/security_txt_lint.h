// An RFC 9116 checker for tests: no maintained validator is packaged for Debian or npm (see
// ../shared/standards/securitytxt/README.md), so the tests hold Embargo's security.txt files
// against this reading of the RFC's section 2 rules and section 4 ABNF, itself tested against
// the RFC's own examples.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace embargo::testing {

// One finding: the line it is on (1-based; 0 for the file as a whole), a stable code (named
// like those of the Python `sectxt` validator: no_contact, multi_expire, expired...) and what.
struct SecurityTxtFinding {
  int line = 0;
  std::string code;
  std::string message;
};

struct SecurityTxtLint {
  std::vector<SecurityTxtFinding> errors;    // what RFC 9116 forbids or requires
  std::vector<SecurityTxtFinding> warnings;  // allowed, but stale or against a recommendation
  std::vector<std::pair<std::string, std::string>> fields;  // (name as written, value) in order

  bool has_error(std::string_view code) const;
  bool has_warning(std::string_view code) const;
  // The values of a field, its name compared without regard to case.
  std::vector<std::string> values(std::string_view name) const;
  // Every finding, one "LINE: code: message" line each, for test failure messages.
  std::string describe() const;
};

// Checks a security.txt as fetched at `now` from `fetched_from` (when given, a Canonical list
// must include it). A signed file (OpenPGP cleartext) is checked in its signed text; the
// signature itself is not verified.
SecurityTxtLint lint_security_txt(std::string_view text, std::chrono::sys_seconds now,
                                  std::string_view fetched_from = {});

}  // namespace embargo::testing
