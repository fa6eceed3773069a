#pragma once

#include <chrono>

#include "http/router.h"

namespace embargo::http {

// Writes one access-log line (method, path, status, milliseconds) through spdlog. Query strings
// and the secret part of reporter tracking paths are never written: a log must not leak them.
void log_access(const Request& request, unsigned status, std::chrono::steady_clock::duration took);

// The path as it may appear in a log: no query string; tracking tokens, and any run of 24 or more
// token characters wherever it stands, replaced by "[redacted]".
std::string loggable_path(std::string_view target);

}  // namespace embargo::http
