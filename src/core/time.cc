#include "core/time.h"

#include <date/date.h>

#include <sstream>

#include "core/error.h"

namespace embargo {

std::string format_time(Time t) { return date::format("%Y-%m-%dT%H:%M:%SZ", t); }

Time parse_time(std::string_view text) {
  std::istringstream in{std::string(text)};
  date::sys_seconds t;
  if (text.ends_with('Z')) {
    in >> date::parse("%Y-%m-%dT%H:%M:%SZ", t);
  } else {
    in >> date::parse("%Y-%m-%dT%H:%M:%S%Ez", t);
  }
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) {
    throw invalid("time",
                  "'" + std::string(text) + "' is not an RFC 3339 time (2026-11-23T14:05:00Z)");
  }
  return t;
}

}  // namespace embargo
