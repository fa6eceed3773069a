// Finding the program a path's {slug} names, the same way on every side of the site: the public
// pages, the report form, the reporter's API and the policy API.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "http/router.h"
#include "store/store.h"

namespace embargo::http {

// The program a path's {slug} names, or nullopt; a segment that cannot be a slug (see
// docs/policy.md) is not looked up.
std::optional<store::Program> find_program_by_slug(store::Store& store, std::string_view slug);

// The revision of the program a path's {slug} names, or nullopt, looked up like the program.
std::optional<std::int64_t> find_program_revision(store::Store& store, std::string_view slug);

// 404 unknown_program, naming the slug only when it is one (so the message is plain ASCII).
Response unknown_program(const Request& request, std::string_view slug);

}  // namespace embargo::http
