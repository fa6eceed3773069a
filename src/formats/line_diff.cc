#include "formats/line_diff.h"

#include <algorithm>
#include <dtl/dtl.hpp>
#include <limits>

namespace embargo::formats {
namespace {

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    if (line.ends_with('\r')) line.remove_suffix(1);
    lines.emplace_back(line);
    if (end == std::string_view::npos) break;
    text.remove_prefix(end + 1);
  }
  return lines;
}

// Every line of both texts, numbered, in edit-script order.
std::vector<DiffLine> full_diff(const std::vector<std::string>& before,
                                const std::vector<std::string>& after) {
  dtl::Diff<std::string, std::vector<std::string>> diff(before, after);
  diff.compose();
  std::vector<DiffLine> rows;
  std::int64_t old_line = 0;
  std::int64_t new_line = 0;
  for (const auto& [text, info] : diff.getSes().getSequence()) {
    DiffLine row;
    row.text = text;
    switch (info.type) {
      case dtl::SES_DELETE:
        row.kind = DiffLine::Kind::removed;
        row.old_line = ++old_line;
        break;
      case dtl::SES_ADD:
        row.kind = DiffLine::Kind::added;
        row.new_line = ++new_line;
        break;
      default:
        row.kind = DiffLine::Kind::kept;
        row.old_line = ++old_line;
        row.new_line = ++new_line;
        break;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

std::vector<DiffLine> line_diff(std::string_view before, std::string_view after, int context) {
  std::vector<DiffLine> rows = full_diff(split_lines(before), split_lines(after));
  // How far each row is from the nearest change, looking both ways.
  constexpr std::int64_t kFar = std::numeric_limits<std::int64_t>::max();
  auto step = [](std::int64_t since, const DiffLine& row) {
    if (row.kind != DiffLine::Kind::kept) return std::int64_t{0};
    return since == kFar ? kFar : since + 1;
  };
  std::size_t n = rows.size();
  std::vector<std::int64_t> distance(n, kFar);
  std::int64_t since = kFar;
  for (std::size_t i = 0; i < n; ++i) distance[i] = since = step(since, rows[i]);
  since = kFar;
  for (std::size_t i = n; i-- > 0;)
    distance[i] = std::min(distance[i], since = step(since, rows[i]));
  std::vector<DiffLine> shown;
  bool changed = false;
  for (std::size_t i = 0; i < n; ++i) {
    if (rows[i].kind != DiffLine::Kind::kept) changed = true;
    if (distance[i] <= context) {
      shown.push_back(std::move(rows[i]));
      continue;
    }
    if (shown.empty() || shown.back().kind != DiffLine::Kind::skipped) {
      DiffLine skipped;
      skipped.kind = DiffLine::Kind::skipped;
      skipped.old_line = rows[i].old_line;
      skipped.new_line = rows[i].new_line;
      shown.push_back(skipped);
    }
    ++shown.back().skipped_lines;
  }
  if (!changed) return {};
  return shown;
}

}  // namespace embargo::formats
