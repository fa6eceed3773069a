#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/policy_loader_diagnostics.h"

namespace embargo {

// Why a text is refused before it reaches the TOML parser.
struct InputProblem {
  Position where;
  std::string message;
};

// toml++ builds one nested table per dotted-key part and frees them recursively, so a line like
// "a.a.a.a...= 1" with a hundred thousand parts overflows the stack. No policy needs more than a
// few parts: this finds a line with more dots outside strings and comments than any real policy
// has, or a file far larger than one, so that hostile input is refused before parsing.
std::optional<InputProblem> find_unparseable_input(std::string_view toml_text);

}  // namespace embargo
