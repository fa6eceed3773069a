#include "store/sql/triage_rows.h"

#include "core/error.h"
#include "store/report_json.h"

namespace embargo::store::sql {
namespace {

// The key of the account named in `field` (writing back its spelling), or nullopt for nobody.
std::optional<std::int64_t> resolve(Connection& db, std::int64_t program, const std::string& field,
                                    const std::string& before, std::string& email) {
  if (email.empty()) return std::nullopt;
  // The users table compares emails without regard to ASCII case.
  auto q = db.query(
      "SELECT u.key, u.email, u.email = ?3 COLLATE NOCASE OR EXISTS (SELECT 1 FROM memberships m"
      " WHERE m.account = u.key AND m.program = ?1 AND m.role IN ('handler', 'owner'))"
      " FROM users u WHERE u.email = ?2");
  q.bind(1, program).bind(2, email).bind(3, before);
  if (!q.step() || q.integer(2) == 0) {
    throw invalid(field, field + ": " + email + " is not a handler or owner of this program");
  }
  email = q.text(1);
  return q.integer(0);
}

}  // namespace

HandlerKeys resolve_handlers(Connection& db, std::int64_t program, const Triage& before,
                             Triage& triage) {
  HandlerKeys keys;
  keys.handler = resolve(db, program, "handler", before.handler, triage.handler);
  keys.backup =
      resolve(db, program, "backup_handler", before.backup_handler, triage.backup_handler);
  return keys;
}

void store_triage(Connection& db, std::int64_t report, const Triage& triage,
                  const HandlerKeys& handlers) {
  auto q = db.query(
      "UPDATE reports SET cvss_vector = ?1, cwe = ?2, affected_versions = ?3, fixed_versions = ?4,"
      " handler = ?5, backup_handler = ?6 WHERE key = ?7");
  q.bind(1, triage.cvss_vector);
  if (triage.cwe) q.bind(2, *triage.cwe);
  q.bind(3, strings_to_json(triage.affected_versions))
      .bind(4, strings_to_json(triage.fixed_versions));
  if (handlers.handler) q.bind(5, *handlers.handler);
  if (handlers.backup) q.bind(6, *handlers.backup);
  q.bind(7, report).run();
  db.query("DELETE FROM report_labels WHERE report = ?1").bind(1, report).run();
  for (const auto& label : triage.labels) {
    db.query("INSERT INTO report_labels (report, label) VALUES (?1, ?2)")
        .bind(1, report)
        .bind(2, label)
        .run();
  }
}

}  // namespace embargo::store::sql
