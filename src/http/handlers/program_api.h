#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "http/router.h"
#include "store/store.h"

namespace embargo::http {

// The public policies as JSON, for reporters' tools and the report form:
//   GET /api/v1/programs         {"programs": [summary of each program, by slug]}
//   GET /api/v1/programs/{slug}  the program's public policy (formats/policy_json.h)
// No credentials: a policy is public by nature. An unknown slug is 404 unknown_program. Both
// are rendered once per revision of their programs (page_cache.h) and carry an ETag, answering
// If-None-Match with 304.
void add_program_routes(Router& router, store::Store& store);

// The program a path's {slug} names, or nullopt; a segment that cannot be a slug (see
// docs/policy.md) is not looked up.
std::optional<store::Program> find_program_by_slug(store::Store& store, std::string_view slug);

// The revision of the program a path's {slug} names, or nullopt, looked up like the program.
std::optional<std::int64_t> find_program_revision(store::Store& store, std::string_view slug);

// 404 unknown_program, naming the slug only when it is one (so the message is plain ASCII).
Response unknown_program(const Request& request, std::string_view slug);

}  // namespace embargo::http
