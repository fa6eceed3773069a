#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/access.h"

namespace embargo {

// A program that has an owner always keeps one: the owner is who runs the policy, the team and
// publication, and a program left without one could only be repaired by an instance admin.
// `role` is the member's role now, `next` the role it would get (nullopt: removed), and
// `other_owners` how many owners the program has besides this member. Throws Refusal conflict
// "role" saying why when the change would leave the program without an owner.
void check_owner_kept(std::string_view email, Role role, std::optional<Role> next,
                      std::int64_t other_owners);

}  // namespace embargo
