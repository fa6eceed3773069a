// PEP 440 version specifiers (">=1.0, !=1.3.*, ~=1.2"), the range language of Python packaging,
// with membership as pypa/packaging decides it when pre-releases are allowed.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scoring/pep440.h"

namespace embargo::scoring {

// One clause of a specifier set. `prefix` is the "==1.2.*" / "!=1.2.*" wildcard form.
struct Pep440Specifier {
  enum class Op { compatible, equal, not_equal, less_equal, greater_equal, less, greater };
  Op op;
  Pep440Version version;
  bool prefix = false;
};

// Comma-separated clauses that must all hold.
struct Pep440SpecifierSet {
  std::vector<Pep440Specifier> specifiers;
};

// Parses the operators ~= == != <= >= < > (not the "===" escape hatch) with PEP 440's
// restrictions: ".*" only with == and !=, local versions only with == and !=, ~= with at
// least two release numbers. Errors say what is wrong and at which character (1-based).
std::optional<Pep440SpecifierSet> parse_pep440_specifiers(std::string_view text,
                                                          std::string* error);

// True when `version` satisfies every clause. Pre-releases are considered like any other version
// (packaging's prereleases=True), which is what "is this version affected" needs.
bool contains(const Pep440SpecifierSet& specifiers, const Pep440Version& version);

}  // namespace embargo::scoring
