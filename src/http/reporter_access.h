// How a tracking link is read and a reporter's file is handed out, the same for the tracking
// API and the reporter's pages (what the reporter may see is core's reporter_may_see and
// ReporterFiles).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/report.h"
#include "http/router.h"

namespace embargo::http {

// A file's number as a path segment writes it: a positive decimal without leading zeros.
std::optional<std::int64_t> file_id(std::string_view text);

// The stored bytes as a download that is never shown inline: application/octet-stream, an
// attachment Content-Disposition with the file's name, and not cached.
Response file_download(const Request& request, Upload file);

}  // namespace embargo::http
