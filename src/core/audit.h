#pragma once

#include <cstdint>
#include <string>

#include "core/time.h"

namespace embargo {

// One entry of the append-only audit log. Every change to a program, a report or an account
// writes one, in the same transaction as the change.
struct AuditEvent {
  std::int64_t seq = 0;  // assigned by the store, strictly increasing
  Time at{};
  std::string actor;    // "admin@example.org", "reporter", "system", "cli"
  std::string action;   // "report.created", "report.transition", "program.applied", "user.created"
  std::string program;  // slug, or empty
  std::string report;   // public report id, or empty
  std::string details;  // a JSON object with what changed; never a secret
};

}  // namespace embargo
