#include "core/policy_loader_guard.h"

namespace embargo {
namespace {

// Far above the deepest key of the policy format (three parts, "rewards.table.high") and far
// below the depth at which toml++ exhausts the stack (tens of thousands).
constexpr int kMaxDotsPerLine = 64;

}  // namespace

std::optional<InputProblem> find_unparseable_input(std::string_view text) {
  if (text.size() > kMaxPolicyBytes) {
    return InputProblem{{0, 0},
                        "a policy file must be at most 1 MiB, this one has " +
                            std::to_string(text.size()) + " bytes"};
  }
  enum class In { code, comment, basic, literal, multiline_basic, multiline_literal };
  In in = In::code;
  int line = 1;
  int dots = 0;
  auto starts_with = [&](std::size_t i, std::string_view s) {
    return text.substr(i, s.size()) == s;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') {
      ++line;
      dots = 0;
      if (in != In::multiline_basic && in != In::multiline_literal) in = In::code;
      continue;
    }
    switch (in) {
      case In::code:
        if (c == '#') {
          in = In::comment;
        } else if (starts_with(i, "\"\"\"")) {
          in = In::multiline_basic;
          i += 2;
        } else if (starts_with(i, "'''")) {
          in = In::multiline_literal;
          i += 2;
        } else if (c == '"') {
          in = In::basic;
        } else if (c == '\'') {
          in = In::literal;
        } else if (c == '.' && ++dots > kMaxDotsPerLine) {
          return InputProblem{{line, 1},
                              "too many dotted key parts on one line (more than " +
                                  std::to_string(kMaxDotsPerLine) + ")"};
        }
        break;
      case In::comment:
        break;
      case In::basic:
      case In::multiline_basic:
        if (c == '\\') {
          if (i + 1 < text.size() && text[i + 1] == '\n') break;  // line continuation
          ++i;
        } else if (in == In::basic && c == '"') {
          in = In::code;
        } else if (in == In::multiline_basic && starts_with(i, "\"\"\"")) {
          // A closing delimiter may be preceded by up to two quotes of content: """a"""""
          while (i + 1 < text.size() && text[i + 1] == '"') ++i;
          in = In::code;
        }
        break;
      case In::literal:
        if (c == '\'') in = In::code;
        break;
      case In::multiline_literal:
        if (starts_with(i, "'''")) {
          while (i + 1 < text.size() && text[i + 1] == '\'') ++i;
          in = In::code;
        }
        break;
    }
  }
  return std::nullopt;
}

}  // namespace embargo
