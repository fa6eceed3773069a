#include "core/ownership.h"

#include <string>

#include "core/error.h"

namespace embargo {

void check_owner_kept(std::string_view email, Role role, std::optional<Role> next,
                      std::int64_t other_owners) {
  if (role != Role::owner || next == Role::owner || other_owners > 0) return;
  throw conflict("role", std::string(email) +
                             " is the program's last owner, and a program must keep one: make "
                             "another member owner first");
}

}  // namespace embargo
