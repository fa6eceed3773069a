#pragma once

#include <string>
#include <vector>

#include "core/policy.h"
#include "core/time_source.h"
#include "store_fixture.h"

namespace embargo::store::testing {

// test_policy_source with promises to keep (acknowledge 48h, triage 7 days, a fix of a high or
// critical report in 30 days) and SemVer releases of which 2.x is supported and 1.x is not.
inline std::string triage_policy_source(const std::string& slug,
                                        const std::string& acknowledge = "48h") {
  return test_policy_source(slug) + R"(
[sla]
acknowledge = ")" +
         acknowledge +
         R"("
triage = "7d"

[sla.resolution]
critical = "30d"
high = "30d"

[versions]
scheme = "semver"

[[versions.supported]]
range = ">= 2.0.0"

[[versions.supported]]
range = "< 2.0.0"
supported = false
)";
}

// A store with the programs "alpha" and "beta" (triage_policy_source) and accounts: the handler
// and owner of alpha, a viewer of alpha, and the handler of beta.
class TriageStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    apply("alpha");
    apply("beta");
    for (const char* email :
         {"handler@example.org", "owner@example.org", "viewer@example.org", "other@example.org"}) {
      store_->accounts().add_user(email, "$argon2id$hash", false, "cli");
    }
    add_member("alpha", "handler@example.org", "handler");
    add_member("alpha", "owner@example.org", "owner");
    add_member("alpha", "viewer@example.org", "viewer");
    add_member("beta", "other@example.org", "handler");
  }

  void apply(const std::string& slug, const std::string& acknowledge = "48h") {
    std::string source = triage_policy_source(slug, acknowledge);
    PolicyLoad load = load_policy(source, slug + ".toml");
    ASSERT_TRUE(load.policy) << load.errors.front().message;
    store_->apply_program(*load.policy, source, "cli");
  }

  void add_member(const std::string& program, const std::string& email, const std::string& role) {
    store_->accounts().set_member(program, email, *parse_role(role), "cli");
  }

  std::string add(const std::string& program, const std::string& title,
                  const std::string& description = "Nothing special here.") {
    return store_->create_report(test_submission(program, title, description), "r").report.id;
  }

  // A report received `days_ago` days ago that went through `path` (team transitions a day
  // apart, reasons given), with its triage.
  ImportedReport past(const std::string& program, const std::string& title, int days_ago,
                      const std::vector<State>& path = {}, TriageUpdate triage = {}) {
    ImportedReport r;
    r.submission = test_submission(program, title);
    r.received_at = system_time().now() - std::chrono::days(days_ago);
    State from = State::new_report;
    Time at = r.received_at;
    for (State to : path) {
      at += std::chrono::hours(24);
      r.history.push_back(team_transition(from, to, "because"));
      r.history.back().at = at;
      from = to;
    }
    r.triage = std::move(triage);
    return r;
  }

  // The stored due columns of a report: due_at (0 for NULL) and due_clock ("" for NULL).
  std::pair<std::int64_t, std::string> due_of(const std::string& id) {
    auto db = raw();
    auto q = db->query(
        "SELECT coalesce(due_at, 0), coalesce(due_clock, '') FROM reports WHERE public_id = ?1");
    q.bind(1, id);
    EXPECT_TRUE(q.step());
    return {q.integer(0), q.text(1)};
  }
};

}  // namespace embargo::store::testing
