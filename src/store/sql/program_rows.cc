#include "store/sql/program_rows.h"

#include <stdexcept>

#include "core/error.h"

namespace embargo::store::sql {

ProgramPolicy program_policy(Connection& db, PolicyCache& policies, const std::string& slug) {
  auto q = db.query("SELECT key, revision, source FROM programs WHERE slug = ?1");
  q.bind(1, slug);
  if (!q.step()) throw not_found("program", "there is no program '" + slug + "'");
  return {q.integer(0), slug, policies.get(q.integer(0), q.integer(1), q.text(2), slug)};
}

ProgramPolicy program_policy_of_report(Connection& db, PolicyCache& policies, std::int64_t report) {
  auto q = db.query(
      "SELECT p.key, p.revision, p.source, p.slug FROM reports r"
      " JOIN programs p ON p.key = r.program WHERE r.key = ?1");
  q.bind(1, report);
  if (!q.step()) throw std::runtime_error("report " + std::to_string(report) + " has no program");
  return {q.integer(0), q.text(3), policies.get(q.integer(0), q.integer(1), q.text(2), q.text(3))};
}

std::int64_t next_number(Connection& db, YearlyNumbering numbering, std::int64_t program,
                         int year) {
  std::string table =
      numbering == YearlyNumbering::reports ? "report_sequences" : "advisory_sequences";
  auto q = db.query("INSERT INTO " + table +
                    " (program, year, next) VALUES (?1, ?2, 2)"
                    " ON CONFLICT (program, year) DO UPDATE SET next = " +
                    table + ".next + 1 RETURNING next - 1");
  q.bind(1, program).bind(2, year);
  q.step();
  std::int64_t number = q.integer(0);
  q.run();
  return number;
}

}  // namespace embargo::store::sql
