#include "core/access.h"

#include <gtest/gtest.h>

namespace embargo {
namespace {

Caller member(Role role, std::string program = "pyspector") {
  Caller c;
  c.user = 7;
  c.email = "member@example.org";
  c.roles[std::move(program)] = role;
  return c;
}

TEST(Access, EachRoleHasWhatDesignSaysAndNoMore) {
  EXPECT_TRUE(role_allows(Role::viewer, Permission::read));
  EXPECT_FALSE(role_allows(Role::viewer, Permission::triage));
  EXPECT_TRUE(role_allows(Role::handler, Permission::triage));
  EXPECT_FALSE(role_allows(Role::handler, Permission::manage));
  EXPECT_FALSE(role_allows(Role::handler, Permission::publish));
  EXPECT_TRUE(role_allows(Role::owner, Permission::manage));
  EXPECT_TRUE(role_allows(Role::owner, Permission::publish));
}

TEST(Access, ARoleReachesOnlyItsOwnProgram) {
  Caller handler = member(Role::handler);
  EXPECT_TRUE(handler.may(Permission::triage, "pyspector"));
  EXPECT_FALSE(handler.may(Permission::read, "scapy"));
  EXPECT_FALSE(handler.may_administer());
  EXPECT_EQ(handler.programs_with(Permission::triage), std::vector<std::string>{"pyspector"});
  EXPECT_EQ(handler.programs_with(Permission::manage), std::vector<std::string>{});
}

TEST(Access, NobodyMayAnything) {
  Caller nobody;
  nobody.admin = true;  // without an authenticated user, even the flag grants nothing
  EXPECT_FALSE(nobody.may(Permission::read, "pyspector"));
  EXPECT_FALSE(nobody.may_administer());
  EXPECT_EQ(nobody.programs_with(Permission::read), std::vector<std::string>{});
}

TEST(Access, AdminMayEverythingEverywhere) {
  Caller admin;
  admin.user = 1;
  admin.admin = true;
  EXPECT_TRUE(admin.may(Permission::publish, "any-program"));
  EXPECT_TRUE(admin.may_administer());
  EXPECT_EQ(admin.programs_with(Permission::read), std::nullopt);
}

TEST(Access, ATokenNarrowsItsUserToItsScopeAndProgram) {
  Caller owner = member(Role::owner);
  owner.roles["scapy"] = Role::viewer;
  owner.scope = TokenScope::triage;
  EXPECT_TRUE(owner.may(Permission::triage, "pyspector"));
  EXPECT_FALSE(owner.may(Permission::manage, "pyspector"));  // the owner's role, not the scope's
  EXPECT_FALSE(owner.may(Permission::triage, "scapy"));      // the scope, not the viewer role
  owner.token_program = "scapy";
  EXPECT_FALSE(owner.may(Permission::read, "pyspector"));
  EXPECT_TRUE(owner.may(Permission::read, "scapy"));
  EXPECT_EQ(owner.programs_with(Permission::triage), std::vector<std::string>{});

  Caller admin;
  admin.user = 1;
  admin.admin = true;
  admin.scope = TokenScope::read;
  EXPECT_FALSE(admin.may(Permission::triage, "pyspector"));
  EXPECT_FALSE(admin.may_administer());
  admin.scope = TokenScope::admin;
  EXPECT_TRUE(admin.may_administer());
}

TEST(Access, NamesRoundTripAndUnknownNamesAreRefused) {
  for (Role r : {Role::viewer, Role::handler, Role::owner}) EXPECT_EQ(parse_role(to_string(r)), r);
  for (TokenScope s : {TokenScope::read, TokenScope::triage, TokenScope::admin}) {
    EXPECT_EQ(parse_token_scope(to_string(s)), s);
  }
  EXPECT_EQ(parse_role("Owner"), std::nullopt);
  EXPECT_EQ(parse_token_scope("write"), std::nullopt);
}

}  // namespace
}  // namespace embargo
