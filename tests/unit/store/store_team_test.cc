// A program's team in the store as the settings pages change it: a program that has an owner
// keeps one whichever way a change comes (role change, removal, an accepted invitation), an
// open invitation can be revoked, and an invitation can create its account in the same write,
// when an instance admin sent it.
#include <algorithm>

#include "core/error.h"
#include "core/ownership.h"
#include "core/secret.h"
#include "refusal.h"
#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

using embargo::testing::refusal_of;
using std::chrono::hours;

class StoreTeamTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    store_->apply_program(test_policy("pyspector"), test_policy_source("pyspector"), "cli");
    alice = accounts().add_user("alice@example.org", "$argon2id$alice", false, "cli");
    bob = accounts().add_user("bob@example.org", "$argon2id$bob", false, "cli");
  }

  AccountStore& accounts() { return store_->accounts(); }

  std::vector<std::string> actions() {
    AuditQuery query;
    query.limit = 1000;
    std::vector<std::string> found;
    for (const auto& e : store_->audit_log(query)) found.push_back(e.action);
    return found;
  }

  User alice;
  User bob;
};

TEST(OwnerRule, OnlyTheLastOwnerLeavingOrSteppingDownIsRefused) {
  EXPECT_NO_THROW(check_owner_kept("a@example.org", Role::owner, Role::owner, 0));
  EXPECT_NO_THROW(check_owner_kept("a@example.org", Role::owner, Role::handler, 1));
  EXPECT_NO_THROW(check_owner_kept("a@example.org", Role::owner, std::nullopt, 2));
  EXPECT_NO_THROW(check_owner_kept("a@example.org", Role::handler, std::nullopt, 0));
  EXPECT_NO_THROW(check_owner_kept("a@example.org", Role::viewer, Role::handler, 0));
  auto demoted =
      refusal_of([] { check_owner_kept("a@example.org", Role::owner, Role::viewer, 0); });
  EXPECT_EQ(demoted.kind(), Refusal::Kind::conflict);
  EXPECT_EQ(demoted.field(), "role");
  EXPECT_NE(std::string(demoted.what()).find("a@example.org is the program's last owner"),
            std::string::npos);
  EXPECT_EQ(
      refusal_of([] { check_owner_kept("a@example.org", Role::owner, std::nullopt, 0); }).kind(),
      Refusal::Kind::conflict);
}

TEST_F(StoreTeamTest, TheLastOwnerCanNeitherBeDemotedNorRemoved) {
  accounts().set_member("pyspector", "alice@example.org", Role::owner, "cli");
  accounts().set_member("pyspector", "bob@example.org", Role::handler, "cli");

  auto demoted = refusal_of(
      [&] { accounts().set_member("pyspector", "alice@example.org", Role::handler, "cli"); });
  EXPECT_EQ(demoted.kind(), Refusal::Kind::conflict);
  EXPECT_EQ(demoted.field(), "role");
  auto removed =
      refusal_of([&] { accounts().remove_member("pyspector", "alice@example.org", "cli"); });
  EXPECT_EQ(removed.kind(), Refusal::Kind::conflict);
  EXPECT_EQ(accounts().roles_of(alice.key).at("pyspector"), Role::owner);

  // With a second owner, either may go.
  accounts().set_member("pyspector", "bob@example.org", Role::owner, "cli");
  EXPECT_EQ(accounts().set_member("pyspector", "alice@example.org", Role::viewer, "cli").role,
            Role::viewer);
  EXPECT_TRUE(accounts().remove_member("pyspector", "alice@example.org", "cli"));
  EXPECT_EQ(
      refusal_of([&] { accounts().remove_member("pyspector", "bob@example.org", "cli"); }).kind(),
      Refusal::Kind::conflict);
}

TEST_F(StoreTeamTest, AProgramWithoutOwnersMayChangeFreely) {
  accounts().set_member("pyspector", "alice@example.org", Role::handler, "cli");
  EXPECT_EQ(accounts().set_member("pyspector", "alice@example.org", Role::viewer, "cli").role,
            Role::viewer);
  EXPECT_TRUE(accounts().remove_member("pyspector", "alice@example.org", "cli"));
}

TEST_F(StoreTeamTest, AnInvitationCannotDemoteTheLastOwner) {
  accounts().set_member("pyspector", "alice@example.org", Role::owner, "cli");
  auto invitation =
      accounts().create_invitation("pyspector", "alice@example.org", Role::viewer, hours(1), "cli");
  auto refused = refusal_of([&] { accounts().accept_invitation(invitation.secret, alice.key); });
  EXPECT_EQ(refused.field(), "role");
  EXPECT_EQ(accounts().roles_of(alice.key).at("pyspector"), Role::owner);
  EXPECT_TRUE(accounts().find_invitation(invitation.secret)) << "a refused accept uses nothing";
}

TEST_F(StoreTeamTest, AnOpenInvitationCanBeRevokedOnce) {
  auto invitation = accounts().create_invitation("pyspector", "carol@example.org", Role::handler,
                                                 hours(1), "cli");
  EXPECT_FALSE(store_->revoke_invitation("pyspector", invitation.record.key + 1, "alice"));
  EXPECT_TRUE(store_->revoke_invitation("pyspector", invitation.record.key, "alice"));
  EXPECT_FALSE(store_->revoke_invitation("pyspector", invitation.record.key, "alice"));
  EXPECT_FALSE(accounts().find_invitation(invitation.secret));
  EXPECT_TRUE(accounts().list_invitations("pyspector").empty());
  EXPECT_EQ(refusal_of([&] {
              store_->accept_invitation_with_new_account(invitation.secret, "$h");
            }).kind(),
            Refusal::Kind::not_found);
  EXPECT_EQ(refusal_of([&] { store_->revoke_invitation("nope", 1, "alice"); }).field(), "program");
  auto logged = actions();
  EXPECT_EQ(std::count(logged.begin(), logged.end(), "invitation.revoked"), 1);
}

TEST_F(StoreTeamTest, AnAcceptedInvitationCannotBeRevoked) {
  auto invitation =
      accounts().create_invitation("pyspector", "bob@example.org", Role::handler, hours(1), "cli");
  accounts().accept_invitation(invitation.secret, bob.key);
  EXPECT_FALSE(store_->revoke_invitation("pyspector", invitation.record.key, "alice"));
  EXPECT_EQ(accounts().roles_of(bob.key).at("pyspector"), Role::handler);
}

TEST_F(StoreTeamTest, AnInvitationCreatesItsAccountAndMembershipInOneWrite) {
  auto invitation = accounts().create_invitation("pyspector", "Carol@example.org", Role::handler,
                                                 hours(1), "cli");
  Member member = store_->accept_invitation_with_new_account(invitation.secret, "$argon2id$carol");
  EXPECT_EQ(member.email, "Carol@example.org");
  EXPECT_EQ(member.role, Role::handler);
  auto carol = accounts().find_user("carol@example.org");
  ASSERT_TRUE(carol);
  EXPECT_EQ(carol->key, member.user);
  EXPECT_EQ(carol->password_hash, "$argon2id$carol");
  EXPECT_FALSE(carol->admin);
  EXPECT_EQ(accounts().roles_of(carol->key).at("pyspector"), Role::handler);
  EXPECT_FALSE(accounts().find_invitation(invitation.secret));
  auto logged = actions();
  EXPECT_EQ(std::count(logged.begin(), logged.end(), "user.created"), 3);
  EXPECT_EQ(std::count(logged.begin(), logged.end(), "invitation.accepted"), 1);

  auto again = refusal_of(
      [&] { store_->accept_invitation_with_new_account(invitation.secret, "$argon2id$x"); });
  EXPECT_EQ(again.kind(), Refusal::Kind::conflict);
  EXPECT_EQ(again.field(), "invitation");
}

TEST_F(StoreTeamTest, AnInvitationForAnExistingAccountCreatesNothing) {
  auto invitation =
      accounts().create_invitation("pyspector", "BOB@example.org", Role::viewer, hours(1), "cli");
  auto refused = refusal_of(
      [&] { store_->accept_invitation_with_new_account(invitation.secret, "$argon2id$x"); });
  EXPECT_EQ(refused.kind(), Refusal::Kind::conflict);
  EXPECT_EQ(refused.field(), "email");
  EXPECT_EQ(accounts().find_user("bob@example.org")->password_hash, "$argon2id$bob");
  EXPECT_TRUE(accounts().roles_of(bob.key).empty());
  EXPECT_TRUE(accounts().find_invitation(invitation.secret));
  EXPECT_EQ(accounts().count_users(), 2);
}

// Whoever opens an invitation for an address without an account chooses that account's
// password, and an owner sees the link they make: only an admin may bring in new people.
TEST_F(StoreTeamTest, AnOwnerWhoIsNotAnAdminInvitesOnlyExistingAccounts) {
  accounts().set_member("pyspector", "alice@example.org", Role::owner, "cli");
  auto refused = refusal_of([&] {
    accounts().create_invitation("pyspector", "dave@example.org", Role::handler, hours(1),
                                 "alice@example.org");
  });
  EXPECT_EQ(refused.kind(), Refusal::Kind::forbidden);
  EXPECT_EQ(refused.field(), "email");
  EXPECT_EQ(std::string(refused.what()),
            "no account for dave@example.org: an instance admin invites new people, or runs "
            "embargo user add");
  EXPECT_EQ(count("SELECT count(*) FROM invitations"), 0);
  auto logged = actions();
  EXPECT_EQ(std::count(logged.begin(), logged.end(), "invitation.created"), 0);

  // An existing account, whatever the case of its address, may be invited by the owner.
  auto existing = accounts().create_invitation("pyspector", "BOB@example.org", Role::handler,
                                               hours(1), "alice@example.org");
  EXPECT_EQ(accounts().accept_invitation(existing.secret, bob.key).role, Role::handler);
}

TEST_F(StoreTeamTest, AnAdminOrTheCommandLineInvitesNewPeople) {
  accounts().add_user("root@example.org", "$argon2id$root", true, "cli");
  auto by_admin = accounts().create_invitation("pyspector", "dave@example.org", Role::handler,
                                               hours(1), "root@example.org");
  EXPECT_EQ(store_->accept_invitation_with_new_account(by_admin.secret, "$argon2id$dave").role,
            Role::handler);
  auto by_cli =
      accounts().create_invitation("pyspector", "erin@example.org", Role::viewer, hours(1), "cli");
  EXPECT_EQ(store_->accept_invitation_with_new_account(by_cli.secret, "$argon2id$erin").role,
            Role::viewer);
}

TEST_F(StoreTeamTest, AnInvitationCreatesAnAccountOnlyIfItsSenderIsStillAnAdmin) {
  // Root is an owner too, so only the admin rule can refuse: the sender may still invite
  // members, but no longer bring a new person into the instance.
  accounts().add_user("root@example.org", "$argon2id$root", true, "cli");
  accounts().set_member("pyspector", "root@example.org", Role::owner, "cli");
  auto invitation = accounts().create_invitation("pyspector", "dave@example.org", Role::handler,
                                                 hours(1), "root@example.org");
  raw()->exec("UPDATE users SET admin = 0 WHERE email = 'root@example.org'");
  auto refused = refusal_of(
      [&] { store_->accept_invitation_with_new_account(invitation.secret, "$argon2id$dave"); });
  EXPECT_EQ(refused.kind(), Refusal::Kind::conflict);
  EXPECT_EQ(refused.field(), "invitation");
  EXPECT_NE(std::string(refused.what()).find("only an admin invites new people"), std::string::npos)
      << refused.what();
  EXPECT_FALSE(accounts().find_user("dave@example.org"));
  EXPECT_TRUE(accounts().find_invitation(invitation.secret)) << "a refused accept uses nothing";
}

}  // namespace
}  // namespace embargo::store::testing
