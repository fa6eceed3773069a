#include "store/sqlite/report_rows.h"

#include <stdexcept>

#include "store/report_json.h"
#include "store/sqlite/sqlite_store.h"

namespace embargo::store::sqlite {
namespace {

Actor stored_actor(std::string_view text) {
  if (auto actor = parse_actor(text)) return *actor;
  throw std::runtime_error("stored report data is damaged: actor " + std::string(text));
}

State stored_state(const std::string& text) {
  auto state = parse_state(text);
  if (!state) throw std::runtime_error("stored report data is damaged: state " + text);
  return *state;
}

void load_history(Connection& db, Report& report) {
  auto q = db.query(
      "SELECT t.from_state, t.to_state, t.at, t.actor, t.actor_name, t.reason, d.public_id"
      " FROM transitions t LEFT JOIN reports d ON d.key = t.duplicate_of"
      " WHERE t.report = ?1 ORDER BY t.key");
  q.bind(1, report.key);
  while (q.step()) {
    report.history.push_back({stored_state(q.text(0)), stored_state(q.text(1)),
                              from_seconds(q.integer(2)), stored_actor(q.text(3)), q.text(4),
                              q.text(5), q.text(6)});
  }
}

}  // namespace

std::optional<Report> load_report(Connection& db, std::int64_t key) {
  auto q = db.query(
      "SELECT r.public_id, p.slug, r.state, r.severity, r.channel, r.consented, r.credit_kind,"
      " r.credit_text, r.fields, r.attachments, r.received_at, r.updated_at"
      " FROM reports r JOIN programs p ON p.key = r.program WHERE r.key = ?1");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  Report report;
  report.key = key;
  report.id = q.text(0);
  report.program = q.text(1);
  report.state = stored_state(q.text(2));
  if (!q.is_null(3)) report.severity = parse_severity(q.text(3));
  Submission& s = report.submission;
  s.program = report.program;
  s.channel = q.text(4);
  s.consented = q.integer(5) != 0;
  auto credit_kind = parse_credit_kind(q.text(6));
  if (!credit_kind)
    throw std::runtime_error("stored report data is damaged: credit kind " + q.text(6));
  s.credit = {*credit_kind, q.text(7)};
  s.fields = fields_from_json(q.text(8));
  s.attachments = attachments_from_json(q.text(9));
  report.received_at = from_seconds(q.integer(10));
  report.updated_at = from_seconds(q.integer(11));
  load_history(db, report);
  return report;
}

std::optional<std::int64_t> report_key(Connection& db, const std::string& public_id) {
  auto q = db.query("SELECT key FROM reports WHERE public_id = ?1");
  q.bind(1, public_id);
  if (!q.step()) return std::nullopt;
  return q.integer(0);
}

}  // namespace embargo::store::sqlite
