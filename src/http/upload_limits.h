#pragma once

#include <cstdint>

#include "core/policy.h"
#include "http/router.h"
#include "store/store.h"

namespace embargo::http {

// The most a report submission's body may ever be, whatever a policy says: bodies are read into
// memory, so this bounds what one request can make the server hold.
inline constexpr std::uint64_t kMostReportBodyBytes = std::uint64_t{64} * 1024 * 1024;

// The largest body a report submission to a program may need: 1 MiB for the text fields (more
// than every field of a form at its longest) and, when the policy takes attachments, each file
// it allows at its largest size with 16 KiB for the multipart headers around it. A policy that
// sets no number of files counts kMostFormParts; none of the result exceeds
// kMostReportBodyBytes.
std::uint64_t report_body_limit(const Policy& policy);

// For Router::limit_body on routes whose {slug} names a program: that program's
// report_body_limit, or kDefaultBodyLimit when the slug names no program.
Router::BodyLimit program_body_limit(store::Store& store);

// For Router::limit_body on routes whose {token} is a tracking link (a reply with files): the
// report_body_limit of the report's program, or kDefaultBodyLimit when the token opens nothing.
Router::BodyLimit tracked_body_limit(store::Store& store);

// For Router::limit_body on the desk's routes that take a team member's files: the largest
// report_body_limit of any program. The same for every path, so that a body's size cannot tell a
// caller who is not signed in yet which report ids exist; the store then holds each file to its
// report's program.
Router::BodyLimit team_body_limit(store::Store& store);

}  // namespace embargo::http
