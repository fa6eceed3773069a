#include "core/notification.h"

namespace embargo {

std::string_view to_string(NotifyMode mode) {
  switch (mode) {
    case NotifyMode::immediately:
      return "immediately";
    case NotifyMode::digest:
      return "digest";
    case NotifyMode::off:
      return "off";
  }
  return "immediately";
}

std::optional<NotifyMode> parse_notify_mode(std::string_view text) {
  for (NotifyMode mode : {NotifyMode::immediately, NotifyMode::digest, NotifyMode::off}) {
    if (text == to_string(mode)) return mode;
  }
  return std::nullopt;
}

}  // namespace embargo
