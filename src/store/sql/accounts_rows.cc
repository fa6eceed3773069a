#include "store/sql/accounts_rows.h"

#include <boost/json/serialize.hpp>
#include <stdexcept>

#include "core/error.h"
#include "store/sql/audit_rows.h"

namespace embargo::store::sql {

std::string account_email(Connection& db, std::int64_t user) {
  auto q = db.query("SELECT email FROM users WHERE key = ?1");
  if (!q.bind(1, user).step()) {
    throw not_found("user", "there is no account " + std::to_string(user));
  }
  return q.text(0);
}

std::int64_t program_key(Connection& db, const std::string& slug) {
  auto q = db.query("SELECT key FROM programs WHERE slug = ?1");
  if (!q.bind(1, slug).step()) throw not_found("program", "there is no program " + slug);
  return q.integer(0);
}

Role stored_role(const std::string& text) {
  auto role = parse_role(text);
  if (!role) throw std::runtime_error("stored account data is damaged: role " + text);
  return *role;
}

TokenScope stored_scope(const std::string& text) {
  auto scope = parse_token_scope(text);
  if (!scope) throw std::runtime_error("stored account data is damaged: token scope " + text);
  return *scope;
}

void audit_account(Connection& db, Time at, const std::string& actor, const std::string& action,
                   const std::string& program, const boost::json::object& details) {
  append_audit(db, {0, at, actor, action, program, "", boost::json::serialize(details)});
}

}  // namespace embargo::store::sql
