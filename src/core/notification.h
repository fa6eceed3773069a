#pragma once

#include <optional>
#include <string_view>

namespace embargo {

// How a team member hears about their programs' reports (docs/notifications.md): a mail for each
// event, one digest mail a day, or nothing (they read the desk).
enum class NotifyMode { immediately, digest, off };

std::string_view to_string(NotifyMode mode);
// "immediately", "digest" or "off"; nullopt for anything else.
std::optional<NotifyMode> parse_notify_mode(std::string_view text);

}  // namespace embargo
