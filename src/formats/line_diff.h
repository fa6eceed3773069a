// What changes between two versions of a text, line by line: the review step of the policy
// editor shows it before a new policy is saved, so an owner sees exactly what they change.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::formats {

// One row of a diff. `kept` rows are unchanged context; a `skipped` row stands for
// `skipped_lines` unchanged lines far from any change. Line numbers are 1-based, 0 where the
// side has no line (an added line has no old number).
struct DiffLine {
  enum class Kind { kept, removed, added, skipped };
  Kind kind = Kind::kept;
  std::int64_t old_line = 0;
  std::int64_t new_line = 0;
  std::string text;
  std::int64_t skipped_lines = 0;
};

// The shortest edit script (dtl) turning `before` into `after`, with `context` unchanged lines
// kept around each change. Empty when the texts have the same lines. A final line break does
// not make an extra line, and "\r\n" counts as "\n".
std::vector<DiffLine> line_diff(std::string_view before, std::string_view after, int context = 3);

}  // namespace embargo::formats
