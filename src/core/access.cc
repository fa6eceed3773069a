#include "core/access.h"

#include <array>
#include <utility>

namespace embargo {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 3> kRoles = {{
    {Role::viewer, "viewer"},
    {Role::handler, "handler"},
    {Role::owner, "owner"},
}};

constexpr std::array<std::pair<TokenScope, std::string_view>, 3> kScopes = {{
    {TokenScope::read, "read"},
    {TokenScope::triage, "triage"},
    {TokenScope::admin, "admin"},
}};

// The role or scope that is at least needed for each permission.
constexpr Role least_role(Permission p) {
  switch (p) {
    case Permission::read:
      return Role::viewer;
    case Permission::triage:
      return Role::handler;
    case Permission::manage:
    case Permission::publish:
      return Role::owner;
  }
  return Role::owner;
}

}  // namespace

std::string_view to_string(Role role) {
  for (auto [r, name] : kRoles) {
    if (r == role) return name;
  }
  return "viewer";
}

std::optional<Role> parse_role(std::string_view text) {
  for (auto [r, name] : kRoles) {
    if (name == text) return r;
  }
  return std::nullopt;
}

std::string_view to_string(Permission permission) {
  switch (permission) {
    case Permission::read:
      return "read";
    case Permission::triage:
      return "triage";
    case Permission::manage:
      return "manage";
    case Permission::publish:
      return "publish";
  }
  return "read";
}

bool role_allows(Role role, Permission permission) {
  return static_cast<int>(role) >= static_cast<int>(least_role(permission));
}

std::string_view to_string(TokenScope scope) {
  for (auto [s, name] : kScopes) {
    if (s == scope) return name;
  }
  return "read";
}

std::optional<TokenScope> parse_token_scope(std::string_view text) {
  for (auto [s, name] : kScopes) {
    if (name == text) return s;
  }
  return std::nullopt;
}

bool scope_allows(TokenScope scope, Permission permission) {
  switch (scope) {
    case TokenScope::read:
      return permission == Permission::read;
    case TokenScope::triage:
      return permission == Permission::read || permission == Permission::triage;
    case TokenScope::admin:
      return true;
  }
  return false;
}

bool Caller::may(Permission permission, std::string_view program) const {
  if (user == 0) return false;
  if (scope && !scope_allows(*scope, permission)) return false;
  if (!token_program.empty() && token_program != program) return false;
  if (admin) return true;
  auto role = roles.find(std::string(program));
  return role != roles.end() && role_allows(role->second, permission);
}

bool Caller::may_administer() const {
  return user != 0 && admin && (!scope || *scope == TokenScope::admin) && token_program.empty();
}

std::optional<std::vector<std::string>> Caller::programs_with(Permission permission) const {
  std::vector<std::string> programs;
  if (user == 0 || (scope && !scope_allows(*scope, permission))) return programs;
  if (!token_program.empty()) {
    if (may(permission, token_program)) programs.push_back(token_program);
    return programs;
  }
  if (admin) return std::nullopt;
  for (const auto& [program, role] : roles) {
    if (role_allows(role, permission)) programs.push_back(program);
  }
  return programs;
}

}  // namespace embargo
