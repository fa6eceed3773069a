#include <boost/json.hpp>

#include "core/time_source.h"
#include "refusal.h"
#include "store/public_id.h"
#include "triage_fixture.h"

namespace embargo::store::testing {
namespace {

using embargo::testing::refusal_of;

constexpr const char* kCritical31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
constexpr const char* kLow40 = "CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N";

class StoreTriageTest : public TriageStoreTest {
 protected:
  std::vector<AuditEvent> triage_events(const std::string& id) {
    std::vector<AuditEvent> events;
    for (auto& e : store_->audit_log({.program = "", .report = id, .after_seq = 0, .limit = 100})) {
      if (e.action == "report.triage") events.push_back(std::move(e));
    }
    return events;
  }
};

TEST_F(StoreTriageTest, SetsEveryFieldAndReadsItBack) {
  auto id = add("alpha", "Injection");
  TriageUpdate u;
  u.cvss_vector = kCritical31;
  u.cwe = std::optional<int>(79);
  u.affected_versions = std::vector<std::string>{"2.1.0", " >= 2.0.0, < 2.1.1 "};
  u.fixed_versions = std::vector<std::string>{"2.1.1"};
  u.handler = "Handler@Example.org";
  u.backup_handler = "owner@example.org";
  u.labels = std::vector<std::string>{"needs-cve", "area:cli", "needs-cve"};
  Report updated = store_->update_triage(id, u, "owner@example.org");

  Report found = *store_->find_report(id);
  EXPECT_EQ(found.triage, updated.triage);
  EXPECT_EQ(found.triage.cvss_vector, kCritical31);
  EXPECT_EQ(found.triage.cwe, 79);
  EXPECT_EQ(found.triage.affected_versions,
            (std::vector<std::string>{"2.1.0", ">= 2.0.0, < 2.1.1"}));
  EXPECT_EQ(found.triage.fixed_versions, (std::vector<std::string>{"2.1.1"}));
  EXPECT_EQ(found.triage.handler, "handler@example.org");  // as the account spells it
  EXPECT_EQ(found.triage.backup_handler, "owner@example.org");
  EXPECT_EQ(found.triage.labels, (std::vector<std::string>{"area:cli", "needs-cve"}));
  EXPECT_EQ(found.severity, Severity::critical);  // from the vector's 9.8
}

TEST_F(StoreTriageTest, ANewVectorSetsTheSeverityUnlessTheUpdateSetsItToo) {
  auto id = add("alpha", "Injection");
  TriageUpdate u;
  u.cvss_vector = kLow40;
  EXPECT_EQ(store_->update_triage(id, u, "h").severity, Severity::low);

  u.cvss_vector = kCritical31;
  u.severity = std::optional<Severity>(Severity::medium);
  EXPECT_EQ(store_->update_triage(id, u, "h").severity, Severity::medium);

  TriageUpdate labels_only;
  labels_only.labels = std::vector<std::string>{"x"};
  EXPECT_EQ(store_->update_triage(id, labels_only, "h").severity, Severity::medium);
}

TEST_F(StoreTriageTest, ClearsWhatAnUpdateEmpties) {
  auto id = add("alpha", "Injection");
  TriageUpdate set;
  set.cvss_vector = kLow40;
  set.cwe = std::optional<int>(89);
  set.affected_versions = std::vector<std::string>{"2.0.0"};
  set.handler = "handler@example.org";
  set.labels = std::vector<std::string>{"a"};
  store_->update_triage(id, set, "h");

  TriageUpdate clear;
  clear.cvss_vector = "";
  clear.cwe = std::optional<int>();
  clear.affected_versions = std::vector<std::string>{};
  clear.handler = "";
  clear.labels = std::vector<std::string>{};
  clear.severity = std::optional<Severity>();
  Report r = store_->update_triage(id, clear, "h");
  EXPECT_EQ(r.triage, Triage{});
  EXPECT_EQ(r.severity, std::nullopt);
  EXPECT_EQ(store_->find_report(id)->triage, Triage{});
}

TEST_F(StoreTriageTest, RefusesEachBadValueNamingItsFieldAndWritesNothing) {
  auto id = add("alpha", "Injection");
  auto refused = [&](TriageUpdate u) {
    return refusal_of([&] { store_->update_triage(id, u, "h"); });
  };
  struct Case {
    TriageUpdate update;
    std::string field;
    std::string mentions;
  };
  std::vector<Case> cases;
  auto add_case = [&](std::string field, std::string mentions, auto set) {
    TriageUpdate u;
    set(u);
    cases.push_back({u, std::move(field), std::move(mentions)});
  };
  add_case("cvss_vector", "AV", [](auto& u) { u.cvss_vector = "CVSS:3.1/AV:Q"; });
  add_case("cvss_vector", "2.0", [](auto& u) { u.cvss_vector = "AV:N/AC:L/Au:N/C:C/I:C/A:C"; });
  add_case("cwe", "CWE-999999", [](auto& u) { u.cwe = std::optional<int>(999999); });
  add_case("affected_versions", "banana", [](auto& u) {
    u.affected_versions = std::vector<std::string>{"2.0.0", "banana"};
  });
  add_case("affected_versions", "1.2",  // SemVer needs three numbers
           [](auto& u) { u.affected_versions = std::vector<std::string>{">= 1.2"}; });
  add_case("fixed_versions", "empty",
           [](auto& u) { u.fixed_versions = std::vector<std::string>{"  "}; });
  add_case("fixed_versions", "line breaks",
           [](auto& u) { u.fixed_versions = std::vector<std::string>{"2.0.0\n2.0.1"}; });
  add_case("affected_versions", "at most 50",
           [](auto& u) { u.affected_versions = std::vector<std::string>(51, "2.0.0"); });
  add_case("labels", "Needs CVE", [](auto& u) {
    u.labels = std::vector<std::string>{"ok", "Needs CVE"};
  });
  add_case("labels", "at most 20", [](auto& u) {
    std::vector<std::string> labels;
    for (int i = 0; i < 21; ++i) labels.push_back("l" + std::to_string(i));
    u.labels = labels;
  });
  add_case("labels", "\"\"", [](auto& u) { u.labels = std::vector<std::string>{""}; });
  add_case("labels", std::string(41, 'a'),
           [](auto& u) { u.labels = std::vector<std::string>{std::string(41, 'a')}; });
  add_case("handler", "viewer@example.org", [](auto& u) { u.handler = "viewer@example.org"; });
  add_case("handler", "other@example.org", [](auto& u) { u.handler = "other@example.org"; });
  add_case("handler", "nobody@example.org", [](auto& u) { u.handler = "nobody@example.org"; });
  add_case("handler", "not an email", [](auto& u) { u.handler = "not an email"; });
  add_case("backup_handler", "someone else", [](auto& u) {
    u.handler = "handler@example.org";
    u.backup_handler = "HANDLER@example.org";
  });
  add_case("backup_handler", "viewer", [](auto& u) { u.backup_handler = "viewer@example.org"; });

  for (const auto& c : cases) {
    Refusal r = refused(c.update);
    EXPECT_EQ(r.field(), c.field) << r.what();
    EXPECT_NE(std::string(r.what()).find(c.mentions), std::string::npos)
        << "'" << r.what() << "' does not mention " << c.mentions;
  }
  Report after = *store_->find_report(id);
  EXPECT_EQ(after.triage, Triage{});
  EXPECT_EQ(after.severity, std::nullopt);
  EXPECT_TRUE(triage_events(id).empty());

  EXPECT_EQ(refusal_of([&] { store_->update_triage("ALPHA-1999-0001", {}, "h"); }).kind(),
            Refusal::Kind::not_found);
}

TEST_F(StoreTriageTest, TheAuditEventListsTheChangedFieldsWithTheirNewValues) {
  auto id = add("alpha", "Injection");
  TriageUpdate u;
  u.cwe = std::optional<int>(78);
  u.labels = std::vector<std::string>{"b", "a"};
  u.handler = "handler@example.org";
  store_->update_triage(id, u, "owner@example.org");
  store_->update_triage(id, u, "owner@example.org");  // nothing changes: nothing is written

  auto events = triage_events(id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].actor, "owner@example.org");
  EXPECT_EQ(events[0].program, "alpha");
  auto details = boost::json::parse(events[0].details).as_object();
  EXPECT_EQ(boost::json::serialize(details.at("changed")),
            R"({"cwe":78,"handler":"handler@example.org","labels":["a","b"]})");

  TriageUpdate v;
  v.cvss_vector = kCritical31;
  store_->update_triage(id, v, "h");
  events = triage_events(id);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(boost::json::serialize(boost::json::parse(events[1].details).at("changed")),
            std::string(R"({"cvss_vector":")") + kCritical31 + R"(","severity":"critical"})");
}

TEST_F(StoreTriageTest, AHandlerWhoLeftTheProgramStaysUntilReplacedButCannotBeNamedAgain) {
  auto id = add("alpha", "Injection");
  auto other = add("alpha", "Other");
  TriageUpdate u;
  u.handler = "handler@example.org";
  store_->update_triage(id, u, "owner@example.org");
  raw()->exec(
      "DELETE FROM memberships WHERE account = (SELECT key FROM users WHERE email = "
      "'handler@example.org')");

  TriageUpdate labels;
  labels.labels = std::vector<std::string>{"kept"};
  EXPECT_EQ(store_->update_triage(id, labels, "h").triage.handler, "handler@example.org");
  EXPECT_EQ(refusal_of([&] { store_->update_triage(other, u, "h"); }).field(), "handler");
}

TEST_F(StoreTriageTest, TheDueTimeFollowsTheRunningClocks) {
  auto id = add("alpha", "Injection");
  Report r = *store_->find_report(id);
  auto received = sql::to_seconds(r.received_at);
  EXPECT_EQ(due_of(id), std::make_pair(received + 48 * 3600, std::string("acknowledge")));

  store_->transition_report(id, team_transition(State::new_report, State::acknowledged));
  EXPECT_EQ(due_of(id), std::make_pair(received + 7 * 86400, std::string("triage")));

  store_->transition_report(id, team_transition(State::acknowledged, State::needs_info, "logs?"));
  EXPECT_EQ(due_of(id), std::make_pair(std::int64_t{0}, std::string()));  // paused

  store_->transition_report(id, team_transition(State::needs_info, State::triaged));
  EXPECT_EQ(due_of(id), std::make_pair(std::int64_t{0}, std::string()));  // every promise kept

  TriageUpdate high;
  high.severity = std::optional<Severity>(Severity::high);
  store_->update_triage(id, high, "h");  // a high report must be fixed within 30 days
  EXPECT_EQ(due_of(id).second, "resolution");

  store_->transition_report(id, team_transition(State::triaged, State::informative, "no bug"));
  EXPECT_EQ(due_of(id), std::make_pair(std::int64_t{0}, std::string()));  // closed
}

TEST_F(StoreTriageTest, ApplyingAPolicyRecomputesTheDueTimeOfOpenReports) {
  auto open_id = add("alpha", "Open");
  auto other_program = add("beta", "Beta");
  auto received = sql::to_seconds(store_->find_report(open_id)->received_at);
  apply("alpha", "24h");
  EXPECT_EQ(due_of(open_id).first, received + 24 * 3600);
  EXPECT_EQ(due_of(other_program).first,
            sql::to_seconds(store_->find_report(other_program)->received_at) + 48 * 3600);
}

TEST_F(StoreTriageTest, AnInternalNoteLeavesTheDueTimeAsItWas) {
  auto id = add("alpha", "Injection");
  auto before = due_of(id);
  NewMessage note{Actor::team, "handler@example.org", true, "looking", {}};
  store_->add_message(id, note);
  EXPECT_EQ(due_of(id), before);
}

TEST_F(StoreTriageTest, ImportsPastReportsWithTheirHistoryAndTriage) {
  TriageUpdate triage;
  triage.labels = std::vector<std::string>{"imported"};
  triage.cvss_vector = kCritical31;
  auto ids = store_->import_reports(
      {past("alpha", "Old one", 400, {State::acknowledged, State::triaged}, triage),
       past("alpha", "Recent", 2)},
      "demo");
  ASSERT_EQ(ids.size(), 2u);
  Report old = *store_->find_report(ids[0]);
  EXPECT_EQ(old.state, State::triaged);
  EXPECT_EQ(old.history.size(), 2u);
  EXPECT_EQ(old.severity, Severity::critical);
  EXPECT_EQ(old.triage.labels, (std::vector<std::string>{"imported"}));
  EXPECT_NE(ids[0].find(std::to_string(utc_year(old.received_at))), std::string::npos);
  // Critical, triaged 398 days ago: its 30-day resolution clock has long run out.
  EXPECT_EQ(due_of(ids[0]).second, "resolution");
  EXPECT_LT(due_of(ids[0]).first, sql::to_seconds(system_time().now()));

  // A refused transition anywhere refuses the whole batch.
  auto before = store_->list_reports({}).reports.size();
  EXPECT_EQ(refusal_of([&] {
              store_->import_reports(
                  {past("alpha", "fine", 3), past("alpha", "bad", 3, {State::disclosed})}, "demo");
            }).field(),
            "to");
  EXPECT_EQ(store_->list_reports({}).reports.size(), before);
}

TEST_F(StoreTriageTest, CannedResponsesArePerProgramWithUniqueTitles) {
  CannedResponse reproducer{0, "alpha", "Needs a reproducer", "Please send steps.", false, {}};
  CannedResponse saved = store_->put_canned_response(reproducer, "owner@example.org");
  EXPECT_GT(saved.key, 0);
  store_->put_canned_response({0, "alpha", "Dependency", "Third party.", true, {}}, "o");
  store_->put_canned_response({0, "beta", "Needs a reproducer", "Beta's own.", false, {}}, "o");

  auto alpha = store_->list_canned_responses("alpha");
  ASSERT_EQ(alpha.size(), 2u);
  EXPECT_EQ(alpha[0].title, "Dependency");
  EXPECT_TRUE(alpha[0].internal);
  EXPECT_EQ(alpha[1].body, "Please send steps.");

  saved.body = "Please send a proof of concept.";
  store_->put_canned_response(saved, "o");
  EXPECT_EQ(store_->list_canned_responses("alpha")[1].body, "Please send a proof of concept.");

  Refusal duplicate = refusal_of([&] {
    store_->put_canned_response({0, "alpha", "Dependency", "again", false, {}}, "o");
  });
  EXPECT_EQ(duplicate.kind(), Refusal::Kind::conflict);
  EXPECT_EQ(duplicate.field(), "title");
  EXPECT_EQ(refusal_of([&] {
              store_->put_canned_response({0, "alpha", " ", "body", false, {}}, "o");
            }).field(),
            "title");
  EXPECT_EQ(refusal_of([&] {
              store_->put_canned_response({0, "alpha", "t", "", false, {}}, "o");
            }).field(),
            "body");
  // Another program's key is not this program's response.
  auto beta_key = store_->list_canned_responses("beta")[0].key;
  EXPECT_EQ(refusal_of([&] {
              store_->put_canned_response({beta_key, "alpha", "x", "y", false, {}}, "o");
            }).kind(),
            Refusal::Kind::not_found);
  EXPECT_FALSE(store_->delete_canned_response("alpha", beta_key, "o"));
  EXPECT_TRUE(store_->delete_canned_response("alpha", saved.key, "o"));
  EXPECT_EQ(store_->list_canned_responses("alpha").size(), 1u);
  EXPECT_EQ(store_->list_canned_responses("beta").size(), 1u);

  std::vector<std::string> actions;
  for (const auto& e :
       store_->audit_log({.program = "alpha", .report = "", .after_seq = 0, .limit = 100}))
    actions.push_back(e.action);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "canned_response.saved"), 3);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "canned_response.deleted"), 1);
}

}  // namespace
}  // namespace embargo::store::testing
