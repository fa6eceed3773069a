#include <boost/json.hpp>
#include <iostream>

#include "cli/data_dir.h"
#include "cli/subcommands.h"
#include "core/error.h"

namespace embargo::cli {
namespace {

struct TokenOptions {
  DataLocation data;
  std::string user;
  std::string scope;
  std::string program;
  std::string name;
  std::int64_t id = 0;
  bool json = false;
};

store::User token_owner(store::AccountStore& accounts, const std::string& email) {
  auto user = accounts.find_user(email);
  if (!user) throw not_found("user", "--user: there is no account for " + email);
  return *user;
}

// Only the token goes to stdout, so that a script can capture it; the rest goes to stderr.
void create_token(const TokenOptions& o) {
  auto scope = parse_token_scope(o.scope);
  if (!scope) {
    throw invalid("scope", "--scope: '" + o.scope + "' is not a scope (read, triage or admin)");
  }
  auto store = open_store(o.data);
  auto& accounts = store->accounts();
  store::User user = token_owner(accounts, o.user);
  auto created = accounts.create_token(user.key, o.name, *scope, o.program, "cli");
  std::cout << created.secret << '\n';
  std::cerr << "token " << created.record.key << " for " << user.email << " (scope "
            << to_string(*scope) << ", "
            << (o.program.empty() ? std::string("every program of the account")
                                  : "program " + o.program)
            << "): shown only now, it is stored hashed\n";
}

void list_tokens(const TokenOptions& o) {
  auto store = open_store(o.data);
  auto& accounts = store->accounts();
  store::User user = token_owner(accounts, o.user);
  auto tokens = accounts.list_tokens(user.key);
  if (tokens.empty() && !o.json) std::cout << "no tokens for " << user.email << '\n';
  for (const auto& t : tokens) {
    if (o.json) {
      boost::json::object row{{"id", t.key},
                              {"name", t.name},
                              {"scope", to_string(t.scope)},
                              {"program", t.program},
                              {"created_at", format_time(t.created_at)}};
      row["last_used_at"] = t.last_used_at ? boost::json::value(format_time(*t.last_used_at))
                                           : boost::json::value(nullptr);
      row["revoked_at"] = t.revoked_at ? boost::json::value(format_time(*t.revoked_at))
                                       : boost::json::value(nullptr);
      std::cout << boost::json::serialize(row) << '\n';
      continue;
    }
    std::cout << t.key << "\t" << (t.name.empty() ? "-" : t.name) << "\t" << to_string(t.scope)
              << "\t" << (t.program.empty() ? "(every program)" : t.program) << "\tcreated "
              << format_time(t.created_at) << "\t"
              << (t.last_used_at ? "used " + format_time(*t.last_used_at) : "never used");
    if (t.revoked_at) std::cout << "\trevoked " << format_time(*t.revoked_at);
    std::cout << '\n';
  }
}

void revoke_token(const TokenOptions& o) {
  auto store = open_store(o.data);
  auto& accounts = store->accounts();
  store::User user = token_owner(accounts, o.user);
  if (!accounts.revoke_token(user.key, o.id, "cli")) {
    throw not_found("id", "--id: " + user.email + " has no live token " + std::to_string(o.id));
  }
  std::cout << "revoked token " << o.id << " of " << user.email << '\n';
}

CLI::App* token_subcommand(CLI::App& parent, const std::string& name,
                           const std::string& description, TokenOptions& options) {
  auto* command = parent.add_subcommand(name, description);
  add_data_option(*command, options.data);
  command->add_option("--user", options.user, "The email of the token's account")->required();
  return command;
}

}  // namespace

void add_token_command(CLI::App& app) {
  auto* token = app.add_subcommand("token", "Manage API tokens");
  token->require_subcommand(1);

  auto create_options = std::make_shared<TokenOptions>();
  auto* create =
      token_subcommand(*token, "create", "Create an API token and print it once", *create_options);
  create->add_option("--scope", create_options->scope, "read, triage or admin")->required();
  create->add_option("--program", create_options->program,
                     "The one program it reaches (default: every program of the account)");
  create->add_option("--name", create_options->name, "What it is for, e.g. scanner");
  create->callback([create_options] { create_token(*create_options); });

  auto list_options = std::make_shared<TokenOptions>();
  auto* list = token_subcommand(*token, "list", "List an account's tokens", *list_options);
  list->add_flag("--json", list_options->json, "One JSON object per line");
  list->callback([list_options] { list_tokens(*list_options); });

  auto revoke_options = std::make_shared<TokenOptions>();
  auto* revoke = token_subcommand(*token, "revoke", "Revoke a token", *revoke_options);
  revoke->add_option("--id", revoke_options->id, "The token's id, as `token list` shows it")
      ->required();
  revoke->callback([revoke_options] { revoke_token(*revoke_options); });
}

}  // namespace embargo::cli
