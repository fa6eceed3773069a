#include "formats/due_words.h"

#include <array>
#include <utility>

namespace embargo::formats {
namespace {

constexpr std::chrono::hours kSoon{24};

std::string unit(long long n, std::string_view singular) {
  return std::to_string(n) + " " + std::string(singular) + (n == 1 ? "" : "s");
}

}  // namespace

DueMark due_mark(std::optional<Time> due_at, Time now) {
  if (!due_at) return DueMark::none;
  if (*due_at < now) return DueMark::overdue;
  if (*due_at - now < kSoon) return DueMark::soon;
  return DueMark::later;
}

std::string_view to_string(DueMark mark) {
  switch (mark) {
    case DueMark::overdue:
      return "overdue";
    case DueMark::soon:
      return "due-soon";
    case DueMark::later:
      return "due-later";
    case DueMark::none:
      break;
  }
  return "";
}

std::string span_words(std::chrono::seconds span) {
  constexpr std::array<std::pair<long long, std::string_view>, 3> kUnits = {
      {{86400, "day"}, {3600, "hour"}, {60, "minute"}}};
  long long left = span.count();
  std::string words;
  int used = 0;
  for (auto [seconds, name] : kUnits) {
    long long n = left / seconds;
    if (n == 0) {
      if (used > 0) break;  // "2 days 4 hours", never "2 days 0 hours 5 minutes"
      continue;
    }
    if (!words.empty()) words += " ";
    words += unit(n, name);
    left -= n * seconds;
    if (++used == 2) break;
  }
  return words.empty() ? "less than a minute" : words;
}

std::string due_words(Time due_at, Time now) {
  if (due_at < now) return "overdue by " + span_words(now - due_at);
  return "due in " + span_words(due_at - now);
}

}  // namespace embargo::formats
