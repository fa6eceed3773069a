#include "http/timeline_rows.h"

#include <algorithm>

namespace embargo::http {

kainjow::mustache::list timeline_rows(std::vector<TimelineEntry> entries) {
  std::stable_sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return std::tie(std::get<0>(a), std::get<1>(a)) < std::tie(std::get<0>(b), std::get<1>(b));
  });
  kainjow::mustache::list rows;
  for (auto& entry : entries) rows.push_back(std::move(std::get<2>(entry)));
  return rows;
}

}  // namespace embargo::http
