// Instants in tests, written as the standards and fixtures write them.
#pragma once

#include "core/time.h"

namespace embargo::testing {

// An instant from RFC 3339 text ("2026-01-05T10:00:00Z").
inline Time at(const char* rfc3339) { return parse_time(rfc3339); }

}  // namespace embargo::testing
