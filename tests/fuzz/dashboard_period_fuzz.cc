// libFuzzer target: the dashboard's period chooser (?from=&to=, core/dashboard_period.h). The
// input's first line is the "from" field, the second the "to" field, the third, if any, the
// program's time zone (UTC without it). A date is read or refused naming its field, and one that
// is read is written back as the same text; two dates make a period or a Refusal, and a period
// never ends before it starts, whatever the zone's clock changes at midnight.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/calendar.h"
#include "core/dashboard_period.h"
#include "core/error.h"

namespace {

std::string_view next_line(std::string_view& rest) {
  auto newline = rest.find('\n');
  std::string_view line = rest.substr(0, newline);
  rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  return line;
}

void check_refusal(const embargo::Refusal& r, std::string_view field) {
  if (std::string_view(r.what()).empty() || r.field() != field) __builtin_trap();
}

// The day `text` names, or nullopt when it is refused (as it must be, naming `field`).
std::optional<date::local_days> day_of(std::string_view text, const std::string& field) {
  try {
    date::local_days day = embargo::parse_period_date(text, field);
    if (embargo::format_period_date(day) != text) __builtin_trap();
    return day;
  } catch (const embargo::Refusal& r) {
    check_refusal(r, field);
    return std::nullopt;
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string_view from_text = next_line(rest);
  std::string_view to_text = next_line(rest);
  std::string_view zone = next_line(rest);
  auto first = day_of(from_text, "from");
  auto last = day_of(to_text, "to");
  if (!first || !last) return 0;
  embargo::Calendar settings;
  if (!zone.empty()) settings.time_zone = zone;
  try {
    embargo::BusinessCalendar calendar(settings);
    embargo::Period period = embargo::period_of({*first, *last}, calendar);
    if (period.to < period.from) __builtin_trap();
  } catch (const embargo::Refusal& r) {
    if (std::string_view(r.what()).empty() || r.field().empty()) __builtin_trap();
  }
  return 0;
}
