#include "store/sql/advisory_rows.h"

#include <boost/json.hpp>

#include "core/advisory_json.h"
#include "store/advisory_checks.h"
#include "store/advisory_document.h"
#include "store/sql/program_rows.h"
#include "store/sql/report_rows.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

void read_embargo_changes(Connection& db, std::int64_t key, Advisory& advisory) {
  auto q = db.query(
      "SELECT at, actor, from_at, to_at, reason FROM embargo_changes WHERE advisory = ?1"
      " ORDER BY key");
  q.bind(1, key);
  while (q.step()) {
    advisory.embargo_changes.push_back({from_seconds(q.integer(0)), q.text(1), optional_time(q, 2),
                                        from_seconds(q.integer(3)), q.text(4)});
  }
}

void read_revisions(Connection& db, std::int64_t key, const Policy& policy, Advisory& advisory) {
  auto q = db.query(
      "SELECT revision, modified_at, document FROM advisory_revisions WHERE advisory = ?1"
      " ORDER BY revision DESC LIMIT 1");
  q.bind(1, key);
  if (!q.step()) {
    advisory.unpublished_changes = true;
    return;
  }
  PublishedAdvisory latest = published_from_json(q.text(2));
  advisory.revision = static_cast<int>(q.integer(0));
  advisory.published_at = latest.published_at;
  advisory.modified_at = from_seconds(q.integer(1));
  AdvisoryDraft published = latest.draft;
  published.credits = advisory.draft.credits;
  advisory.unpublished_changes = !(published == advisory.draft) ||
                                 latest.credits != credits_to_publish(advisory, policy.credit);
}

void read_reporter_credits(Connection& db, std::int64_t key, const Policy& policy,
                           const std::vector<Report>& reports, Advisory& advisory) {
  for (const auto& credit : advisory.draft.credits) {
    if (credit.report.empty()) continue;
    for (const auto& report : reports) {
      if (report.id != credit.report) continue;
      ReporterCredit reporter = reporter_credit(report, credit.role, policy.credit);
      auto q =
          db.query("SELECT decision, line FROM credit_answers WHERE advisory = ?1 AND report = ?2");
      q.bind(1, key).bind(2, report.key);
      if (q.step()) {
        reporter.decision =
            q.text(0) == "accepted" ? CreditDecision::accepted : CreditDecision::declined;
        reporter.decided_line = q.text(1);
      }
      advisory.reporter_credits.push_back(std::move(reporter));
    }
  }
}

}  // namespace

std::optional<std::int64_t> advisory_key(Connection& db, const std::string& public_id) {
  auto q = db.query("SELECT key FROM advisories WHERE public_id = ?1");
  q.bind(1, public_id);
  if (!q.step()) return std::nullopt;
  return q.integer(0);
}

std::vector<Report> advisory_reports(Connection& db, std::int64_t key) {
  auto q = db.query("SELECT report FROM advisory_reports WHERE advisory = ?1 ORDER BY position");
  q.bind(1, key);
  std::vector<Report> reports;
  while (q.step()) {
    if (auto report = load_report(db, q.integer(0))) reports.push_back(std::move(*report));
  }
  return reports;
}

Advisory load_advisory(Connection& db, PolicyCache& policies, std::int64_t key) {
  auto q = db.query(
      "SELECT a.public_id, p.slug, a.state, a.draft, a.publish_at, a.withdrawn_reason,"
      " a.created_at, a.created_by, a.updated_at FROM advisories a"
      " JOIN programs p ON p.key = a.program WHERE a.key = ?1");
  q.bind(1, key);
  q.step();
  Advisory advisory;
  advisory.id = q.text(0);
  advisory.program = q.text(1);
  advisory.state = parse_advisory_state(q.text(2)).value_or(AdvisoryState::draft);
  advisory.draft = advisory_draft_from_json(json::parse(q.text(3)));
  advisory.publish_at = optional_time(q, 4);
  advisory.withdrawn_reason = q.text(5);
  advisory.created_at = from_seconds(q.integer(6));
  advisory.created_by = q.text(7);
  advisory.updated_at = from_seconds(q.integer(8));
  q.run();

  std::vector<Report> reports = advisory_reports(db, key);
  for (const auto& report : reports) advisory.reports.push_back(report.id);
  ProgramPolicy program = program_policy(db, policies, advisory.program);
  read_reporter_credits(db, key, *program.policy, reports, advisory);
  read_embargo_changes(db, key, advisory);
  read_revisions(db, key, *program.policy, advisory);
  return advisory;
}

std::vector<Advisory> load_advisories(Connection& db, PolicyCache& policies, Query& keys) {
  std::vector<std::int64_t> found;
  while (keys.step()) found.push_back(keys.integer(0));
  std::vector<Advisory> advisories;
  for (std::int64_t key : found) advisories.push_back(load_advisory(db, policies, key));
  return advisories;
}

}  // namespace embargo::store::sql
