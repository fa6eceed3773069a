#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embargo {

// A team member's role in one program (docs/design.md "Who uses it"): a viewer reads, a handler
// triages and talks to reporters, an owner also runs the program (policy, team, publication).
enum class Role { viewer, handler, owner };
std::string_view to_string(Role role);
std::optional<Role> parse_role(std::string_view text);

// What a request asks to do with one program. Every page and endpoint of the desk names one.
enum class Permission {
  read,     // see reports, threads with internal notes, clocks, dashboards, the audit log
  triage,   // transitions, severity, CWE, versions, labels, assignment, replies and notes
  manage,   // the policy, the team and the canned responses
  publish,  // advisories
};
std::string_view to_string(Permission permission);
bool role_allows(Role role, Permission permission);

// How far an API token reaches: read only, read and triage, or all its user may do.
enum class TokenScope { read, triage, admin };
std::string_view to_string(TokenScope scope);
std::optional<TokenScope> parse_token_scope(std::string_view text);
bool scope_allows(TokenScope scope, Permission permission);

// Who is asking, as authentication established it: a signed-in team member, or the user of an
// API token (which narrows the user's rights to its scope and, when set, to one program).
// The one answer to "may this caller do P to program X": every handler asks it.
struct Caller {
  std::int64_t user = 0;
  std::string email;
  bool admin = false;                 // instance admin: every permission on every program
  std::map<std::string, Role> roles;  // program slug -> role
  std::optional<TokenScope> scope;    // set when the request carries an API token
  std::string token_program;          // the token's one program, or empty for all

  bool may(Permission permission, std::string_view program) const;
  // Instance administration (users, instance settings): an admin, through a session or an
  // admin-scoped token.
  bool may_administer() const;
  // The programs on which the caller has `permission`; nullopt when that is every program
  // (an admin without a program-bound token).
  std::optional<std::vector<std::string>> programs_with(Permission permission) const;
};

}  // namespace embargo
