#include <boost/json.hpp>
#include <iostream>

#include "cli/data_dir.h"
#include "cli/subcommands.h"
#include "core/error.h"

namespace embargo::cli {
namespace {

struct MemberOptions {
  DataLocation data;
  std::string program;
  std::string email;
  std::string role;
  bool json = false;
};

// The account must exist before it can join a program: the CLI says how to create it.
store::User existing_account(store::AccountStore& accounts, const std::string& email) {
  auto user = accounts.find_user(email);
  if (!user) {
    throw not_found("email", "--email: there is no account for " + email +
                                 ": create it with `embargo user add --email " + email + "` first");
  }
  return *user;
}

void add_member(const MemberOptions& o) {
  auto role = parse_role(o.role);
  if (!role) {
    throw invalid("role", "--role: '" + o.role + "' is not a role (owner, handler or viewer)");
  }
  auto store = open_store(o.data);
  auto& accounts = store->accounts();
  store::User user = existing_account(accounts, o.email);
  auto before = accounts.roles_of(user.key);
  store::Member member = accounts.set_member(o.program, user.email, *role, "cli");
  auto previous = before.find(o.program);
  if (previous == before.end()) {
    std::cout << "added " << member.email << " to " << o.program << " as " << to_string(*role)
              << '\n';
  } else {
    std::cout << member.email << " in " << o.program << ": " << to_string(previous->second)
              << " -> " << to_string(*role) << '\n';
  }
}

void remove_member(const MemberOptions& o) {
  auto store = open_store(o.data);
  if (!store->accounts().remove_member(o.program, o.email, "cli")) {
    throw not_found("email", "--email: " + o.email + " is not a member of " + o.program);
  }
  std::cout << "removed " << o.email << " from " << o.program << '\n';
}

void list_members(const MemberOptions& o) {
  auto store = open_store(o.data);
  auto members = store->accounts().list_members(o.program);
  if (members.empty() && !o.json) {
    std::cout << "no members yet: add one with `embargo member add --program " << o.program
              << " --email EMAIL --role ROLE`\n";
  }
  for (const auto& m : members) {
    if (o.json) {
      boost::json::object row{
          {"email", m.email}, {"role", to_string(m.role)}, {"added_at", format_time(m.added_at)}};
      std::cout << boost::json::serialize(row) << '\n';
      continue;
    }
    std::cout << m.email << "\t" << to_string(m.role) << "\tadded " << format_time(m.added_at)
              << '\n';
  }
}

// Each of add, remove and list takes --data and --program; add and remove name the account.
CLI::App* member_subcommand(CLI::App& parent, const std::string& name,
                            const std::string& description, MemberOptions& options) {
  auto* command = parent.add_subcommand(name, description);
  add_data_option(*command, options.data);
  command->add_option("--program", options.program, "The program's slug")->required();
  return command;
}

}  // namespace

void add_member_command(CLI::App& app) {
  auto* member = app.add_subcommand("member", "Manage who works on a program, and in which role");
  member->require_subcommand(1);

  auto add_options = std::make_shared<MemberOptions>();
  auto* add = member_subcommand(*member, "add", "Add an account to a program, or change its role",
                                *add_options);
  add->add_option("--email", add_options->email, "The account's email address")->required();
  add->add_option("--role", add_options->role, "owner, handler or viewer")->required();
  add->callback([add_options] { add_member(*add_options); });

  auto remove_options = std::make_shared<MemberOptions>();
  auto* remove =
      member_subcommand(*member, "remove", "Remove an account from a program", *remove_options);
  remove->add_option("--email", remove_options->email, "The account's email address")->required();
  remove->callback([remove_options] { remove_member(*remove_options); });

  auto list_options = std::make_shared<MemberOptions>();
  auto* list = member_subcommand(*member, "list", "List a program's members", *list_options);
  list->add_flag("--json", list_options->json, "One JSON object per line");
  list->callback([list_options] { list_members(*list_options); });
}

}  // namespace embargo::cli
