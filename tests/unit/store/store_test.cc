#include <set>

#include "core/error.h"
#include "store/migrations.h"
#include "store/sql/migrate.h"
#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

using sql::Connection;

// The tables, indexes and triggers of the database.
std::set<std::string> table_names(Connection& db) {
  std::set<std::string> names;
  auto q =
      db.query(db.dialect() == sql::Dialect::postgres
                   ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
                     " UNION SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()"
                     " UNION SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
                   : "SELECT name FROM sqlite_schema WHERE type IN ('table', 'trigger', 'index')");
  while (q.step()) names.insert(q.text(0));
  return names;
}

TEST_F(StoreTest, MigratesAnEmptyDirectoryToTheNewestSchema) {
  open_migrating();
  auto db = raw();
  auto names = table_names(*db);
  for (const char* expected :
       {"schema_migrations", "programs", "report_sequences", "reports", "transitions", "users",
        "audit_events", "reports_by_program_state", "report_tallies", "reports_timed_by_due"}) {
    EXPECT_TRUE(names.contains(expected)) << expected;
  }
  // The full-text index and the audit log's guard, in each engine's own form.
  for (const char* expected :
       on_postgres() ? std::vector<const char*>{"reports_search", "audit_events_no_change"}
                     : std::vector<const char*>{"reports_fts", "audit_events_no_update",
                                                "audit_events_no_delete"}) {
    EXPECT_TRUE(names.contains(expected)) << expected;
  }
  // Both engines reach the same version, each through its own migrations.
  EXPECT_EQ(sql::schema_version(*db), migrations().back().version);
  EXPECT_EQ(postgres_migrations().back().version, migrations().back().version);
  EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"),
            static_cast<std::int64_t>(engine_migrations().size()));
}

TEST_F(SqliteStoreTest, TheWriteConnectionSyncsEveryCommit) {
  // kill -9 leaves the page cache to the kernel, so only this setting protects a report
  // acknowledged just before a power cut: FULL (2) fsyncs the log at every commit.
  auto db = sqlite::open_write_connection(db_path().parent_path() / "sync.db");
  auto pragma = [&](const char* sql) {
    auto q = db->query(sql);
    EXPECT_TRUE(q.step());
    return q.integer(0);
  };
  EXPECT_EQ(pragma("PRAGMA synchronous"), 2);
  EXPECT_EQ(pragma("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(pragma("PRAGMA temp_store"), 2);  // MEMORY
  auto mode = db->query("PRAGMA journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.text(0), "wal");
}

TEST_F(SqliteStoreTest, UsesWalAndForeignKeys) {
  open();
  auto db = raw();
  auto mode = db->query("PRAGMA journal_mode");
  ASSERT_TRUE(mode.step());
  EXPECT_EQ(mode.text(0), "wal");  // persistent in the file, so any connection sees it
}

TEST_F(StoreTest, ReopeningAppliesNothingNew) {
  open_migrating();
  std::int64_t applied_at = count("SELECT max(applied_at) FROM schema_migrations");
  store_.reset();
  open();
  EXPECT_EQ(count("SELECT count(*) FROM schema_migrations"),
            static_cast<std::int64_t>(engine_migrations().size()));
  EXPECT_EQ(count("SELECT max(applied_at) FROM schema_migrations"), applied_at);
}

TEST_F(StoreTest, RefusesADatabaseFromANewerBinary) {
  open();
  store_.reset();
  int newer = migrations().back().version + 1;
  raw()->exec("INSERT INTO schema_migrations VALUES (" + std::to_string(newer) +
              ", 'from_the_future', 0)");
  try {
    open();
    FAIL() << "a newer schema was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("schema version " + std::to_string(newer)),
              std::string::npos)
        << e.what();
  }
}

TEST_F(SqliteStoreTest, AFailingMigrationIsNamedAndLeavesNothingBehind) {
  sqlite::Connection db(db_path(), sqlite::Connection::Mode::read_write);
  std::vector<Migration> list = {
      {1, "0001_good", "CREATE TABLE a (x INTEGER);"},
      {2, "0002_broken", "CREATE TABLE b (x INTEGER); INSERT INTO no_such_table VALUES (1);"}};
  try {
    sql::migrate(db, list, system_time().now());
    FAIL() << "the broken migration was applied";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("0002_broken"), std::string::npos) << e.what();
  }
  EXPECT_EQ(sql::schema_version(db), 1);
  auto names = table_names(db);
  EXPECT_TRUE(names.contains("a"));
  EXPECT_FALSE(names.contains("b"));  // the first half of 0002 was rolled back with it
}

TEST_F(SqliteStoreTest, RefusesMigrationsOutOfOrder) {
  sqlite::Connection db(db_path(), sqlite::Connection::Mode::read_write);
  std::vector<Migration> list = {{2, "0002_b", "SELECT 1;"}, {1, "0001_a", "SELECT 1;"}};
  EXPECT_THROW(sql::migrate(db, list, system_time().now()), std::runtime_error);
}

TEST_F(StoreTest, AppliesAndReplacesPrograms) {
  Store& store = open();
  Program first = store.apply_program(test_policy("pyspector"), "source v1", "cli");
  EXPECT_GT(first.key, 0);
  Policy changed = test_policy("pyspector");
  changed.identity.name = "PySpector";
  Program second = store.apply_program(changed, "source v2", "cli");
  EXPECT_EQ(second.key, first.key);

  auto found = store.find_program("pyspector");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->source, "source v2");
  EXPECT_EQ(found->policy.identity.name, "PySpector");
  EXPECT_FALSE(store.find_program("nope"));

  store.apply_program(test_policy("another"), test_policy_source("another"), "cli");
  auto all = store.list_programs();
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].policy.identity.slug, "another");  // ordered by slug
  EXPECT_EQ(all[1].policy.identity.slug, "pyspector");
}

TEST_F(StoreTest, AReopenedStoreLoadsEachPolicyFromItsSource) {
  open().apply_program(test_policy("pyspector", "PYS"), test_policy_source("pyspector", "PYS"),
                       "cli");
  Store& store = open();
  auto found = store.find_program("pyspector");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->policy.identity.id_prefix, "PYS");
  EXPECT_EQ(found->policy.form.fields.size(), 7u);
  auto created = store.create_report(test_submission("pyspector", "a"), "r");
  EXPECT_EQ(created.report.id.substr(0, 4), "PYS-");
}

TEST_F(StoreTest, RefusesTwoProgramsWithTheSameIdPrefix) {
  Store& store = open();
  store.apply_program(test_policy("py-spector"), test_policy_source("py-spector"), "cli");
  try {
    store.apply_program(test_policy("pyspector"), test_policy_source("pyspector"),
                        "cli");  // both would be PYSPECTOR-...
    FAIL() << "a second program took the prefix PYSPECTOR";
  } catch (const Refusal& r) {
    EXPECT_EQ(r.kind(), Refusal::Kind::conflict);
    EXPECT_EQ(r.field(), "id_prefix");
  }
  EXPECT_EQ(count("SELECT count(*) FROM programs"), 1);
}

TEST_F(StoreTest, AProgramWithReportsKeepsItsIdPrefix) {
  // Were the prefix free to change, a later program could take PYSPECTOR and its first report
  // would collide with PYSPECTOR-<year>-0001, which is already given out.
  Store& store = open();
  store.apply_program(test_policy("pyspector"), test_policy_source("pyspector"), "cli");
  store.create_report(test_submission("pyspector", "first"), "r");
  try {
    store.apply_program(test_policy("pyspector", "BAR"), test_policy_source("pyspector", "BAR"),
                        "cli");
    FAIL() << "the prefix changed under existing report ids";
  } catch (const Refusal& r) {
    EXPECT_EQ(r.kind(), Refusal::Kind::conflict);
    EXPECT_EQ(r.field(), "id_prefix");
    EXPECT_NE(std::string(r.what()).find("already has reports numbered PYSPECTOR"),
              std::string::npos)
        << r.what();
  }
  EXPECT_EQ(count("SELECT count(*) FROM programs WHERE id_prefix = 'PYSPECTOR'"), 1);
}

TEST_F(StoreTest, AProgramWithoutReportsMayChangeItsIdPrefix) {
  Store& store = open();
  store.apply_program(test_policy("pyspector"), test_policy_source("pyspector"), "cli");
  store.apply_program(test_policy("pyspector", "PYS"), test_policy_source("pyspector", "PYS"),
                      "cli");
  EXPECT_EQ(store.create_report(test_submission("pyspector", "a"), "r").report.id.substr(0, 4),
            "PYS-");
}

TEST_F(StoreTest, ApplyingSeveralProgramsIsAllOrNothing) {
  Store& store = open();
  std::vector<PolicySource> batch = {
      {test_policy("first"), test_policy_source("first")},
      {test_policy("second", "FIRST"), test_policy_source("second", "FIRST")},  // clashes
  };
  EXPECT_THROW(store.apply_programs(batch, "cli"), Refusal);
  EXPECT_EQ(count("SELECT count(*) FROM programs"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events"), 0);
  batch[1] = {test_policy("second"), test_policy_source("second")};
  EXPECT_EQ(store.apply_programs(batch, "cli").size(), 2u);
  EXPECT_EQ(count("SELECT count(*) FROM programs"), 2);
}

TEST_F(StoreTest, AnApplyExpectingAnOlderRevisionIsRefusedInItsOwnWrite) {
  // Two editors reviewed revision 1; the first save lands, the second is refused whole.
  Store& store = open();
  store.apply_program(test_policy("pyspector"), "source v1", "cli");
  Policy renamed = test_policy("pyspector");
  renamed.identity.name = "First editor";
  EXPECT_EQ(store.apply_programs({{renamed, "source v2", 1}}, "owner@example.org").size(), 1u);
  EXPECT_EQ(store.program_revision("pyspector"), 2);

  Policy other = test_policy("pyspector");
  other.identity.name = "Second editor";
  try {
    store.apply_programs({{other, "source v3", 1}}, "other@example.org");
    FAIL() << "a save reviewed against revision 1 replaced revision 2";
  } catch (const Refusal& r) {
    EXPECT_EQ(r.kind(), Refusal::Kind::conflict);
    EXPECT_EQ(r.field(), "revision");
  }
  EXPECT_EQ(store.program_revision("pyspector"), 2);
  EXPECT_EQ(store.find_program("pyspector")->source, "source v2");
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE action = 'program.applied'"), 2);

  // Without an expected revision (the CLI) the policy replaces whatever is there.
  store.apply_program(other, "source v3", "cli");
  EXPECT_EQ(store.program_revision("pyspector"), 3);
}

TEST_F(StoreTest, AnApplyExpectingAProgramThatAppearedMeanwhileIsRefused) {
  Store& store = open();
  store.apply_program(test_policy("pyspector"), "source v1", "cli");
  EXPECT_THROW(store.apply_programs({{test_policy("pyspector"), "again", 0}}, "cli"), Refusal);
  EXPECT_EQ(store.apply_programs({{test_policy("fresh"), "new", 0}}, "cli").size(), 1u);
  EXPECT_EQ(store.program_revision("fresh"), 1);
}

TEST_F(StoreTest, AddsUsersWithCaseInsensitiveUniqueEmails) {
  Store& store = open();
  EXPECT_EQ(store.accounts().count_users(), 0);
  User added = store.accounts().add_user("Admin@Example.org", "$argon2id$hash", true, "cli");
  EXPECT_GT(added.key, 0);
  auto found = store.accounts().find_user("admin@example.ORG");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->email, "Admin@Example.org");
  EXPECT_EQ(found->password_hash, "$argon2id$hash");
  EXPECT_TRUE(found->admin);
  try {
    store.accounts().add_user("ADMIN@example.org", "$argon2id$other", false, "cli");
    FAIL() << "a second account with the same address was created";
  } catch (const Refusal& r) {
    EXPECT_EQ(r.kind(), Refusal::Kind::conflict);
    EXPECT_EQ(r.field(), "email");
  }
  EXPECT_THROW(store.accounts().add_user("not an address", "$argon2id$h", false, "cli"), Refusal);
  EXPECT_EQ(store.accounts().count_users(), 1);
  EXPECT_FALSE(store.accounts().find_user("nobody@example.org"));
}

TEST_F(StoreTest, WritesOneAuditEventPerChange) {
  Store& store = open();
  store.apply_program(test_policy("pyspector"), test_policy_source("pyspector"), "cli");
  store.accounts().add_user("team@example.org", "$argon2id$h", false, "admin@example.org");
  auto created = store.create_report(test_submission("pyspector", "Injection"), "reporter");
  store.transition_report(created.report.id,
                          team_transition(State::new_report, State::acknowledged));

  auto events = store.audit_log({});
  ASSERT_EQ(events.size(), 4u);
  EXPECT_EQ(events[0].action, "program.applied");
  EXPECT_EQ(events[0].program, "pyspector");
  EXPECT_EQ(events[1].action, "user.created");
  EXPECT_EQ(events[1].actor, "admin@example.org");
  EXPECT_EQ(events[2].action, "report.created");
  EXPECT_EQ(events[2].report, created.report.id);
  EXPECT_EQ(events[3].action, "report.transition");
  EXPECT_EQ(events[3].actor, "handler@example.org");
  for (std::size_t i = 1; i < events.size(); ++i) EXPECT_GT(events[i].seq, events[i - 1].seq);
  // Neither the report's text nor its token goes into the log.
  EXPECT_EQ(events[2].details.find("login form"), std::string::npos);
  EXPECT_EQ(events[2].details.find(created.tracking_token), std::string::npos);

  AuditQuery query;
  query.report = created.report.id;
  EXPECT_EQ(store.audit_log(query).size(), 2u);
  query = {};
  query.after_seq = events[1].seq;
  EXPECT_EQ(store.audit_log(query).size(), 2u);
  query = {};
  query.limit = 0;
  EXPECT_THROW(store.audit_log(query), Refusal);
}

// A report page shows a report's latest events first, even when it has more than one page.
TEST_F(StoreTest, TheAuditLogReadsNewestFirstWhenAsked) {
  Store& store = open();
  store.apply_program(test_policy("pyspector"), test_policy_source("pyspector"), "cli");
  auto created = store.create_report(test_submission("pyspector", "Injection"), "reporter");
  store.transition_report(created.report.id,
                          team_transition(State::new_report, State::acknowledged));
  AuditQuery query;
  query.report = created.report.id;
  query.newest_first = true;
  query.limit = 1;
  auto events = store.audit_log(query);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].action, "report.transition");
  query.limit = 10;
  events = store.audit_log(query);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].action, "report.created");
}

TEST_F(StoreTest, TheAuditLogRefusesUpdatesAndDeletes) {
  Store& store = open();
  store.apply_program(test_policy("pyspector"), test_policy_source("pyspector"), "cli");
  auto db = raw();
  EXPECT_THROW(db->exec("UPDATE audit_events SET actor = 'someone else'"), std::runtime_error);
  EXPECT_THROW(db->exec("DELETE FROM audit_events"), std::runtime_error);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE actor = 'cli'"), 1);
}

}  // namespace
}  // namespace embargo::store::testing
