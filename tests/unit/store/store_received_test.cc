// The reports a program dashboard measures: those of one program received in a period, with
// exactly the history and reply times the SLA clocks and milestones read, in a few statements
// served by indexes.
#include "core/metrics.h"
#include "refusal.h"
#include "store/sql/received_sql.h"
#include "triage_fixture.h"

namespace embargo::store::testing {
namespace {

using embargo::testing::refusal_of;

class StoreReceivedTest : public TriageStoreTest {
 protected:
  // A report of `program` received at `at` that went through `path` a day per step.
  ImportedReport received(const std::string& program, const std::string& title, Time at,
                          const std::vector<State>& path = {}) {
    ImportedReport r = past(program, title, 0, path);
    Time step = at;
    for (auto& t : r.history) {
      step += std::chrono::hours(24);
      t.at = step;
    }
    r.received_at = at;
    return r;
  }

  // Every report each_received_report hands over, in its order.
  std::vector<Report> period_reports(const std::string& program, Time from, Time to) {
    std::vector<Report> reports;
    store_->each_received_report(program, from, to,
                                 [&reports](const Report& r) { reports.push_back(r); });
    return reports;
  }

  NewMessage team_message(const std::string& body, bool internal) {
    NewMessage m;
    m.author = Actor::team;
    m.author_name = "handler@example.org";
    m.internal = internal;
    m.body = body;
    return m;
  }
};

// Its cases about SQLite's query plans (SqliteStoreTest).
class SqliteStoreReceivedTest : public StoreReceivedTest {};

const Time kFrom = parse_time("2025-01-01T00:00:00Z");
const Time kTo = parse_time("2025-04-01T00:00:00Z");

TEST_F(StoreReceivedTest, ReadsTheProgramsReportsReceivedInThePeriodOldestFirst) {
  auto ids =
      store_->import_reports({received("alpha", "Before", kFrom - std::chrono::seconds(1)),
                              received("alpha", "At the start", kFrom, {State::acknowledged}),
                              received("alpha", "Last second", kTo - std::chrono::seconds(1)),
                              received("alpha", "At the end", kTo),
                              received("beta", "Other program", kFrom + std::chrono::hours(1)),
                              received("alpha", "In March", parse_time("2025-03-10T12:00:00Z"),
                                       {State::acknowledged, State::triaged, State::accepted})},
                             "demo");

  auto reports = period_reports("alpha", kFrom, kTo);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].id, ids[1]);
  EXPECT_EQ(reports[1].id, ids[5]);
  EXPECT_EQ(reports[2].id, ids[2]);
  for (const auto& r : reports) EXPECT_EQ(r.program, "alpha");
  EXPECT_TRUE(
      period_reports("alpha", kTo + std::chrono::hours(1), kTo + std::chrono::hours(2)).empty());
}

TEST_F(StoreReceivedTest, EachReportHasTheHistoryAndRepliesFindReportHas) {
  TriageUpdate critical;
  critical.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  ImportedReport fixed =
      received("alpha", "Fixed", kFrom + std::chrono::hours(3),
               {State::acknowledged, State::triaged, State::accepted, State::fixing, State::fixed});
  fixed.triage = critical;
  auto ids = store_->import_reports(
      {fixed, received("alpha", "Untouched", kFrom + std::chrono::hours(5)),
       received("alpha", "Spam", kFrom + std::chrono::hours(7), {State::spam})},
      "demo");
  store_->add_message(ids[1], team_message("We are looking at it.", false));
  store_->add_message(ids[1], team_message("Looks like a dup of 0001.", true));
  store_->add_message(ids[1], team_message("Still on it.", false));

  auto reports = period_reports("alpha", kFrom, kTo);
  ASSERT_EQ(reports.size(), 3u);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Report whole = *store_->find_report(ids[i]);
    const Report& r = reports[i];
    EXPECT_EQ(r.id, whole.id);
    EXPECT_EQ(r.state, whole.state);
    EXPECT_EQ(r.severity, whole.severity);
    EXPECT_EQ(r.received_at, whole.received_at);
    EXPECT_EQ(r.updated_at, whole.updated_at);
    EXPECT_EQ(r.reporter_updates, whole.reporter_updates);
    ASSERT_EQ(r.history.size(), whole.history.size()) << r.id;
    for (std::size_t t = 0; t < r.history.size(); ++t) {
      EXPECT_EQ(r.history[t].from, whole.history[t].from);
      EXPECT_EQ(r.history[t].to, whole.history[t].to);
      EXPECT_EQ(r.history[t].at, whole.history[t].at);
      EXPECT_EQ(r.history[t].actor_name, whole.history[t].actor_name);
      EXPECT_EQ(r.history[t].reason, whole.history[t].reason);
    }
  }
  EXPECT_EQ(reports[0].severity, Severity::critical);
  EXPECT_EQ(reports[0].history.size(), 5u);
  EXPECT_EQ(reports[1].reporter_updates.size(), 2u);  // the internal note is not a reply
  EXPECT_EQ(reports[2].state, State::spam);

  // What the dashboard makes of them: the fix took 5 days, the spam was triaged in one.
  Policy policy = store_->find_program("alpha")->policy;
  ProgramMetrics m = program_metrics(reports, policy, {kFrom, kTo}, kTo);
  EXPECT_EQ(m.reports, 3);
  EXPECT_EQ(m.timings[2].count, 1);
  EXPECT_EQ(m.timings[2].median, 5 * 24 * 3600);
  EXPECT_EQ(m.timings[1].count, 2);
  EXPECT_EQ(m.timings[1].median, 24 * 3600);
}

TEST_F(StoreReceivedTest, ADuplicateNamesItsOriginal) {
  auto ids = store_->import_reports({received("alpha", "Original", kFrom)}, "demo");
  ImportedReport dup = received("alpha", "Again", kFrom + std::chrono::hours(1));
  dup.history.push_back(team_transition(State::new_report, State::duplicate, "same bug"));
  dup.history.back().at = kFrom + std::chrono::hours(2);
  dup.history.back().duplicate_of = ids[0];
  store_->import_reports({dup}, "demo");
  auto reports = period_reports("alpha", kFrom, kTo);
  ASSERT_EQ(reports.size(), 2u);
  ASSERT_EQ(reports[1].history.size(), 1u);
  EXPECT_EQ(reports[1].history[0].duplicate_of, ids[0]);
}

TEST_F(StoreReceivedTest, AnUnknownProgramIsRefused) {
  Refusal r = refusal_of([&] { period_reports("gamma", kFrom, kTo); });
  EXPECT_EQ(r.kind(), Refusal::Kind::not_found);
  EXPECT_EQ(r.field(), "program");
}

// Each statement finds the period's reports through the program's index on received_at, which
// alone holds all the reports' columns read, and their rows through the report's own index:
// never a scan of a whole table, and never a sort, since the three are read side by side in the
// index's order.
TEST_F(SqliteStoreReceivedTest, EveryStatementIsServedByAnIndex) {
  auto db = raw();
  for (const std::string& sql : {sql::received_reports_sql(), sql::received_transitions_sql(),
                                 sql::received_replies_sql()}) {
    auto plan = db->query("EXPLAIN QUERY PLAN " + sql);
    std::string details;
    while (plan.step()) details += plan.text(3) + "\n";
    EXPECT_NE(details.find("COVERING INDEX reports_by_program (program=? AND received_at>? AND "
                           "received_at<?)"),
              std::string::npos)
        << sql << "\n"
        << details;
    EXPECT_EQ(details.find("SCAN"), std::string::npos) << sql << "\n" << details;
    EXPECT_EQ(details.find("TEMP B-TREE"), std::string::npos) << sql << "\n" << details;
  }
}

// Reports stored out of the order they were received in (an import of older reports after
// newer ones), two of them received in the same second: each still comes with its own
// transitions and replies, none lost to or taken from a neighbour.
TEST_F(StoreReceivedTest, ReportsStoredOutOfOrderKeepTheirOwnHistoryAndReplies) {
  std::vector<ImportedReport> batch;
  std::vector<std::vector<State>> paths = {{State::acknowledged, State::triaged, State::accepted},
                                           {},
                                           {State::acknowledged},
                                           {State::acknowledged, State::needs_info},
                                           {State::spam}};
  for (std::size_t i = 0; i < paths.size(); ++i) {
    Time at = kTo - std::chrono::hours(24 * 10 * static_cast<int>(i + 1));
    if (i == 4) at = batch[3].received_at;  // the same second as the one before
    batch.push_back(received("alpha", "Report " + std::to_string(i), at, paths[i]));
  }
  auto ids = store_->import_reports(batch, "demo");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    for (std::size_t n = 0; n < i % 3; ++n) {
      store_->add_message(ids[i], team_message("Update " + std::to_string(n), false));
    }
  }

  auto reports = period_reports("alpha", kFrom, kTo);
  ASSERT_EQ(reports.size(), ids.size());
  for (std::size_t i = 1; i < reports.size(); ++i) {
    EXPECT_LE(reports[i - 1].received_at, reports[i].received_at);
  }
  for (const Report& r : reports) {
    Report whole = *store_->find_report(r.id);
    ASSERT_EQ(r.history.size(), whole.history.size()) << r.id;
    for (std::size_t t = 0; t < r.history.size(); ++t) {
      EXPECT_EQ(r.history[t].to, whole.history[t].to) << r.id;
      EXPECT_EQ(r.history[t].at, whole.history[t].at) << r.id;
    }
    EXPECT_EQ(r.reporter_updates, whole.reporter_updates) << r.id;
  }
}

}  // namespace
}  // namespace embargo::store::testing
