#include <algorithm>
#include <set>

#include "core/time_source.h"
#include "refusal.h"
#include "store/sql/queue_sql.h"
#include "triage_fixture.h"

namespace embargo::store::testing {
namespace {

using embargo::testing::refusal_of;

class StoreQueueTest : public TriageStoreTest {
 protected:
  static std::vector<std::string> ids(const ReportPage& page) {
    std::vector<std::string> out;
    for (const auto& r : page.reports) out.push_back(r.id);
    return out;
  }

  // Every row of the query, following `next` from the first page to the last.
  std::vector<ReportSummary> walk(ReportQuery query) {
    std::vector<ReportSummary> all;
    do {
      ReportPage page = store_->list_reports(query);
      all.insert(all.end(), page.reports.begin(), page.reports.end());
      query.after = page.next;
    } while (!query.after.empty());
    return all;
  }

  // The counts by state of `query` are those of the reports its list walks.
  void expect_counts(const ReportQuery& query) {
    std::map<State, std::int64_t> listed;
    ReportQuery every = query;
    every.limit = 500;
    for (const auto& r : walk(every)) ++listed[r.state];
    std::map<State, std::int64_t> counted;
    for (const auto& c : store_->counts_by_state(query)) counted[c.state] = c.count;
    EXPECT_EQ(counted, listed) << "program '" << query.program << "' handler '" << query.handler
                               << "' severity " << query.severity.has_value() << " label '"
                               << query.label << "' overdue " << query.overdue << " text '"
                               << query.text << "'";
  }

  std::set<std::string> found(ReportQuery query) {
    query.limit = 500;
    auto page = ids(store_->list_reports(query));
    return {page.begin(), page.end()};
  }

  // A varied queue: two programs, reports received over a month, some overdue, some paused,
  // some closed, labels and handlers on some.
  std::vector<std::string> seed() {
    std::vector<ImportedReport> reports;
    for (int i = 0; i < 40; ++i) {
      std::vector<State> path;
      switch (i % 5) {
        case 1:
          path = {State::acknowledged};
          break;
        case 2:
          path = {State::acknowledged, State::needs_info};
          break;
        case 3:
          path = {State::acknowledged, State::triaged, State::informative};
          break;
        default:
          break;
      }
      TriageUpdate triage;
      if (i % 3 == 0) triage.labels = std::vector<std::string>{"web", i % 2 ? "cli" : "api"};
      if (i % 4 == 0) triage.severity = std::optional<Severity>(Severity::high);
      if (i % 7 == 0 && i % 2 == 0) triage.handler = "handler@example.org";
      // Two reports a day share their received time, so the key breaks ties.
      reports.push_back(
          past(i % 2 ? "beta" : "alpha", "Report " + std::to_string(i), 1 + i / 2, path, triage));
      reports.back().received_at -= std::chrono::seconds(i % 2);
    }
    return store_->import_reports(reports, "demo");
  }
};

// Its cases about SQLite's query plans and migrations (SqliteStoreTest).
class SqliteStoreQueueTest : public StoreQueueTest {};

TEST_F(StoreQueueTest, DueOrderRunsByDueTimeWithNothingDueLastAndPagesWithoutGaps) {
  auto all_ids = seed();
  ReportQuery query;
  query.order = ReportOrder::due;
  query.limit = 500;
  auto whole = store_->list_reports(query).reports;
  ASSERT_EQ(whole.size(), all_ids.size());
  bool seen_nothing_due = false;
  for (std::size_t i = 1; i < whole.size(); ++i) {
    const auto& a = whole[i - 1];
    const auto& b = whole[i];
    if (!a.due_at) seen_nothing_due = true;
    if (seen_nothing_due) {
      EXPECT_FALSE(b.due_at) << b.id << " is due but comes after a report with nothing due";
      EXPECT_LE(a.received_at, b.received_at);
    } else if (b.due_at) {
      EXPECT_LE(*a.due_at, *b.due_at);
      EXPECT_TRUE(*a.due_at < *b.due_at || a.received_at <= b.received_at);
    }
  }
  EXPECT_TRUE(seen_nothing_due);

  for (int limit : {1, 3, 7, 40}) {
    query.limit = limit;
    auto paged = walk(query);
    ASSERT_EQ(paged.size(), whole.size()) << "limit " << limit;
    for (std::size_t i = 0; i < whole.size(); ++i) EXPECT_EQ(paged[i].id, whole[i].id);
  }
}

TEST_F(StoreQueueTest, ReceivedOrderRunsNewestFirstAndPagesWithoutGaps) {
  seed();
  ReportQuery query;
  query.order = ReportOrder::received;
  query.limit = 500;
  auto whole = store_->list_reports(query).reports;
  for (std::size_t i = 1; i < whole.size(); ++i) {
    EXPECT_GE(whole[i - 1].received_at, whole[i].received_at);
  }
  query.limit = 6;
  query.open_only = true;
  auto paged = walk(query);
  std::vector<std::string> open;
  for (const auto& r : whole) {
    if (!is_final(r.state)) open.push_back(r.id);
  }
  std::vector<std::string> paged_ids;
  paged_ids.reserve(paged.size());
  for (const auto& r : paged) paged_ids.push_back(r.id);
  EXPECT_EQ(paged_ids, open);
}

// The desk's other orders: most severe first (unrated last, then oldest received), and most
// recently changed first; both page without gaps.
TEST_F(StoreQueueTest, SeverityAndUpdatedOrdersRunAsTheySayAndPageWithoutGaps) {
  seed();
  auto rank = [](const std::optional<Severity>& s) {
    if (!s) return 4;
    switch (*s) {
      case Severity::critical:
        return 0;
      case Severity::high:
        return 1;
      case Severity::medium:
        return 2;
      case Severity::low:
        return 3;
    }
    return 4;
  };
  for (ReportOrder order : {ReportOrder::severity, ReportOrder::updated}) {
    ReportQuery query;
    query.order = order;
    query.limit = 500;
    auto whole = store_->list_reports(query).reports;
    ASSERT_EQ(whole.size(), 40U);
    for (std::size_t i = 1; i < whole.size(); ++i) {
      const auto& a = whole[i - 1];
      const auto& b = whole[i];
      if (order == ReportOrder::severity) {
        EXPECT_LE(rank(a.severity), rank(b.severity)) << a.id << " before " << b.id;
        if (rank(a.severity) == rank(b.severity)) {
          EXPECT_LE(a.received_at, b.received_at);
        }
      } else {
        EXPECT_GE(a.updated_at, b.updated_at) << a.id << " before " << b.id;
      }
    }
    if (order == ReportOrder::severity) {
      EXPECT_NE(whole.front().severity, std::nullopt) << "a rated report comes first";
    }
    for (int limit : {1, 7}) {
      query.limit = limit;
      auto paged = walk(query);
      ASSERT_EQ(paged.size(), whole.size());
      for (std::size_t i = 0; i < whole.size(); ++i) EXPECT_EQ(paged[i].id, whole[i].id);
    }
  }
}

TEST_F(StoreQueueTest, RowsCarryTheirDueClockHandlerAndLabels) {
  TriageUpdate triage;
  triage.labels = std::vector<std::string>{"web", "api"};
  triage.handler = "handler@example.org";
  triage.severity = std::optional<Severity>(Severity::critical);
  auto id = store_->import_reports({past("alpha", "One", 1, {}, triage)}, "demo")[0];
  auto row = store_->list_reports({}).reports.at(0);
  EXPECT_EQ(row.id, id);
  EXPECT_EQ(row.handler, "handler@example.org");
  EXPECT_EQ(row.labels, (std::vector<std::string>{"api", "web"}));
  EXPECT_EQ(row.severity, Severity::critical);
  EXPECT_EQ(row.due_clock, ClockKind::acknowledge);
  ASSERT_TRUE(row.due_at);
  EXPECT_EQ(*row.due_at, row.received_at + std::chrono::hours(48));
}

TEST_F(StoreQueueTest, EveryFilterAndTheirCombinationsHold) {
  seed();
  ReportQuery all_query;
  all_query.limit = 500;
  auto all = store_->list_reports(all_query).reports;
  auto expect = [&](ReportQuery query, auto keep) {
    std::set<std::string> wanted;
    for (const auto& r : all) {
      if (keep(r)) wanted.insert(r.id);
    }
    EXPECT_EQ(found(query), wanted);
    EXPECT_FALSE(wanted.empty());
    query.order = ReportOrder::due;
    EXPECT_EQ(found(query), wanted) << "in due order";
  };
  Time now_time = system_time().now();
  auto overdue = [&](const ReportSummary& r) { return r.due_at && *r.due_at < now_time; };
  auto labelled = [](const ReportSummary& r, const std::string& l) {
    return std::find(r.labels.begin(), r.labels.end(), l) != r.labels.end();
  };

  ReportQuery q;
  q.visible = std::vector<std::string>{"beta"};
  expect(q, [](const auto& r) { return r.program == "beta"; });
  q.program = "alpha";  // a filter never widens what the caller may see
  EXPECT_TRUE(found(q).empty());
  q = {};
  q.visible = std::vector<std::string>{};
  EXPECT_TRUE(found(q).empty());
  EXPECT_TRUE(store_->counts_by_state(q).empty());

  q = {};
  q.program = "alpha";
  q.open_only = true;
  expect(q, [](const auto& r) { return r.program == "alpha" && !is_final(r.state); });
  q.states = {State::needs_info, State::informative};  // informative is not open
  expect(q, [](const auto& r) { return r.program == "alpha" && r.state == State::needs_info; });

  q = {};
  q.severity = Severity::high;
  q.overdue = true;
  expect(q, [&](const auto& r) { return r.severity == Severity::high && overdue(r); });

  q = {};
  q.handler = "handler@example.org";
  expect(q, [](const auto& r) { return r.handler == "handler@example.org"; });
  q.handler = "none";
  q.label = "cli";
  expect(q, [&](const auto& r) { return r.handler.empty() && labelled(r, "cli"); });

  q = {};
  q.overdue = true;
  q.open_only = true;
  q.visible = std::vector<std::string>{"alpha", "beta"};
  expect(q, [&](const auto& r) { return overdue(r) && !is_final(r.state); });

  q = {};
  q.text = "report";
  q.label = "web";
  q.states = {State::new_report};
  expect(q, [&](const auto& r) { return labelled(r, "web") && r.state == State::new_report; });
}

TEST_F(StoreQueueTest, CountsByStateUseTheFiltersButNotTheStates) {
  seed();
  ReportQuery q;
  q.program = "alpha";
  q.states = {State::new_report};
  q.open_only = true;
  std::map<State, std::int64_t> expected;
  ReportQuery every;
  every.program = "alpha";
  every.limit = 500;
  for (const auto& r : store_->list_reports(every).reports) ++expected[r.state];
  std::map<State, std::int64_t> counted;
  for (const auto& c : store_->counts_by_state(q)) counted[c.state] = c.count;
  EXPECT_EQ(counted, expected);
  EXPECT_EQ(counted.size(), 4u);  // new, acknowledged, needs_info, informative
}

// Counts under the filters the tallies know (programs, severity, handler) come from rows kept by
// every write to a report; after new reports, state changes, a handler assigned and taken back,
// and a severity set and cleared, each count still equals what the list holds under the same
// filters, and so do the counts read from every matching report (a label, overdue, a search).
TEST_F(StoreQueueTest, CountsByStateEqualTheListAfterEveryKindOfWrite) {
  auto seeded = seed();
  std::string fresh = add("alpha", "A report through the form");
  store_->transition_report(fresh, team_transition(State::new_report, State::acknowledged));
  store_->transition_report(seeded[0],
                            team_transition(State::new_report, State::spam, "An advertisement."));
  TriageUpdate assign;
  assign.handler = "handler@example.org";
  assign.severity = std::optional<Severity>(Severity::critical);
  store_->update_triage(fresh, assign, "owner@example.org");
  store_->update_triage(seeded[2], assign, "owner@example.org");
  TriageUpdate take_back;
  take_back.handler = "";
  take_back.severity = std::optional<Severity>();
  store_->update_triage(seeded[2], take_back, "owner@example.org");
  store_->update_triage(seeded[14], take_back, "owner@example.org");

  for (const std::optional<std::vector<std::string>>& visible :
       {std::optional<std::vector<std::string>>(), std::optional(std::vector<std::string>{"alpha"}),
        std::optional(std::vector<std::string>{"alpha", "beta"})}) {
    for (std::string program : {"", "alpha", "beta"}) {
      for (std::string handler : {"", "none", "handler@example.org", "nobody@example.org"}) {
        for (std::optional<Severity> severity :
             {std::optional<Severity>(), std::optional(Severity::high),
              std::optional(Severity::critical)}) {
          for (bool overdue : {false, true}) {
            ReportQuery q;
            q.visible = visible;
            q.program = program;
            q.handler = handler;
            q.severity = severity;
            q.overdue = overdue;
            expect_counts(q);
          }
        }
      }
    }
  }
  ReportQuery q;
  q.label = "web";
  expect_counts(q);
  q.overdue = true;
  expect_counts(q);
  q = {};
  q.text = "report";
  q.visible = std::vector<std::string>{"alpha"};
  expect_counts(q);

  std::int64_t total = 0;
  for (const auto& c : store_->counts_by_state({})) total += c.count;
  EXPECT_EQ(total, static_cast<std::int64_t>(seeded.size()) + 1);
}

// A store that held reports before the tallies existed (migrations 0016, 0017 and 0018 undone,
// as they found it) gets them from its reports when it is opened, and its writes keep them.
TEST_F(SqliteStoreQueueTest, AStoreMigratedWithReportsCountsThemFromItsTallies) {
  auto seeded = seed();
  store_.reset();
  raw()->exec(
      "DROP TRIGGER report_tallies_insert; DROP TRIGGER report_tallies_update;"
      " DROP TRIGGER report_tallies_delete; DROP TABLE report_tallies;"
      " DROP INDEX reports_timed_by_due; CREATE INDEX reports_by_state_facets ON reports"
      " (state, program, severity, handler, due_order);"
      " ALTER TABLE recovery_codes RENAME COLUMN account TO user;"
      " ALTER TABLE sessions RENAME COLUMN account TO user;"
      " ALTER TABLE api_tokens RENAME COLUMN account TO user;"
      " ALTER TABLE memberships RENAME COLUMN account TO user;"
      " ALTER TABLE notification_modes RENAME COLUMN account TO user;"
      " DELETE FROM schema_migrations WHERE version >= 16");
  open_migrating();
  EXPECT_GT(count("SELECT count(*) FROM report_tallies WHERE reports > 0"), 0);
  store_->transition_report(seeded[5], team_transition(State::new_report, State::acknowledged));
  for (const std::string& program : {"", "alpha"}) {
    for (bool overdue : {false, true}) {
      ReportQuery q;
      q.program = program;
      q.overdue = overdue;
      expect_counts(q);
      q.handler = "none";
      expect_counts(q);
    }
  }
}

TEST_F(StoreQueueTest, RefusesAnOrderOrCursorThatDoesNotFit) {
  seed();
  ReportQuery q;
  q.order = ReportOrder::relevance;
  EXPECT_EQ(refusal_of([&] { store_->list_reports(q); }).field(), "order");
  q.order = ReportOrder::due;
  q.limit = 2;
  q.after = store_->list_reports(q).next;
  q.order = ReportOrder::received;
  EXPECT_EQ(refusal_of([&] { store_->list_reports(q); }).field(), "after");
}

// Every combination of filters and order has a statement whose plan reads reports through an
// index or the search index, never by a scan of the whole table.
TEST_F(SqliteStoreQueueTest, EveryQueueStatementIsServedByAnIndex) {
  seed();
  auto db = raw();
  // Plans as a store that has never run ANALYZE makes them.
  using H = sql::QueueShape::Handler;
  int checked = 0;
  for (int bits = 0; bits < 512; ++bits) {
    for (H handler : {H::any, H::none, H::email}) {
      for (ReportOrder order : {ReportOrder::due, ReportOrder::received, ReportOrder::relevance,
                                ReportOrder::severity, ReportOrder::updated}) {
        sql::QueueShape s;
        s.search = bits & 1;
        s.visible = bits & 2 ? (bits & 256 ? sql::QueueShape::Visible::several
                                           : sql::QueueShape::Visible::one)
                             : sql::QueueShape::Visible::all;
        if ((bits & 256) && !(bits & 2)) continue;
        s.program = bits & 4;
        s.states = bits & 8;
        s.severity = bits & 16;
        s.label = bits & 32;
        s.overdue = bits & 64;
        s.open = bits & 128;
        s.handler = handler;
        s.order = order;
        s.after = true;
        if (order == ReportOrder::relevance && !s.search) continue;
        for (const std::string& sql : {sql::queue_page_sql(s, sql::Dialect::sqlite),
                                       sql::queue_count_sql(s, sql::Dialect::sqlite)}) {
          auto plan = db->query("EXPLAIN QUERY PLAN " + sql);
          std::string details;
          while (plan.step()) details += plan.text(3) + "\n";
          EXPECT_EQ(details.find("SCAN r\n"), std::string::npos) << sql << "\n" << details;
          // A search is driven by the words' index, never by running the match once per report
          // of some other index's range (FTS5's plan then constrains the rowid: "INDEX 0:=").
          EXPECT_EQ(details.find("VIRTUAL TABLE INDEX 0:="), std::string::npos) << sql << "\n"
                                                                                << details;
          ++checked;
        }
        // Counts under filters the tallies know never read a report's row: a few rows per
        // program, and for overdue ones the index of timed reports, for those not yet due.
        if (!s.search && !s.label) {
          auto plan =
              db->query("EXPLAIN QUERY PLAN " + sql::queue_count_sql(s, sql::Dialect::sqlite));
          std::string details;
          while (plan.step()) {
            std::string step = plan.text(3);
            details += step + "\n";
            if (step.rfind("SCAN r ", 0) == 0 || step.rfind("SEARCH r ", 0) == 0) {
              EXPECT_TRUE(s.overdue) << step;
              EXPECT_NE(step.find("COVERING INDEX reports_timed_by_due"), std::string::npos)
                  << sql::queue_count_sql(s, sql::Dialect::sqlite) << "\n"
                  << step;
            }
          }
          EXPECT_NE(details.find("report_tallies"), std::string::npos) << details;
        }
      }
    }
  }
  // 384 filter sets x 3 handler filters x 4.5 orders (relevance only with a search) x 2 statements
  EXPECT_EQ(checked, 10368);

  // The desk's default reads open reports in due order straight from their partial index.
  sql::QueueShape desk;
  desk.open = true;
  desk.order = ReportOrder::due;
  for (auto visible : {sql::QueueShape::Visible::all, sql::QueueShape::Visible::one,
                       sql::QueueShape::Visible::several}) {
    desk.visible = visible;
    auto plan = db->query("EXPLAIN QUERY PLAN " + sql::queue_page_sql(desk, sql::Dialect::sqlite));
    std::string details;
    while (plan.step()) details += plan.text(3) + "\n";
    EXPECT_NE(details.find("USING INDEX reports_open_by_"), std::string::npos) << details;
    EXPECT_EQ(details.find("TEMP B-TREE"), std::string::npos) << details;
  }
}

TEST_F(StoreQueueTest, SimilarReportsRankANearCopyFirstAndStayInTheProgram) {
  auto original = add("alpha", "SQL injection in the search endpoint",
                      "The q parameter of /api/search is concatenated into a SQL query; a quote "
                      "breaks it and UNION SELECT reads the users table.");
  add("alpha", "Cross-site scripting in comments",
      "A comment with a script tag runs in every reader's browser.");
  add("alpha", "Weak password hashing",
      "Passwords are hashed with unsalted MD5 in the users table.");
  auto elsewhere = add("beta", "SQL injection in the search endpoint",
                       "The q parameter of /api/search is concatenated into a SQL query.");
  auto copy = add("alpha", "SQL injection in search",
                  "The q parameter of /api/search ends up in a SQL query: UNION SELECT reads "
                  "the users table.");
  auto later = add("alpha", "SQL injection in the search endpoint again", "same q parameter");

  auto similar = store_->similar_reports(copy);
  ASSERT_FALSE(similar.empty());
  EXPECT_EQ(similar[0].id, original);
  for (std::size_t i = 0; i < similar.size(); ++i) {
    EXPECT_NE(similar[i].id, copy);
    EXPECT_NE(similar[i].id, elsewhere);
    EXPECT_NE(similar[i].id, later);  // only earlier reports
    if (i > 0) {
      EXPECT_LE(similar[i - 1].score, similar[i].score);
    }
  }
  EXPECT_LE(store_->similar_reports(copy, 1).size(), 1u);
  EXPECT_TRUE(store_->similar_reports(original).empty());  // nothing came before it
  EXPECT_EQ(refusal_of([&] { store_->similar_reports("ALPHA-1999-0001"); }).kind(),
            Refusal::Kind::not_found);
}

TEST_F(StoreQueueTest, SimilarReportsReadQuotesAndSyntaxAsWords) {
  add("alpha", "Quote \" NEAR( OR AND * -x", "{title}: \"\" ( ) ^ weird words again");
  auto second = add("alpha", "Quote \" NEAR( OR AND * -x", "{title}: \"\" ( ) ^ weird words again");
  EXPECT_EQ(store_->similar_reports(second).size(), 1u);
}

}  // namespace
}  // namespace embargo::store::testing
