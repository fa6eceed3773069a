// The promises of a program read the same wherever they are shown, against a real `embargo serve`:
// for reports in every kind of state, each clock of the team's view of a report (`embargo report
// show --json`, what the report page renders) is the reporter's (the tracking API, what their page
// renders); the queue's "due" is the earliest due time of those clocks still running; and the
// dashboard's count of each promise is the tally of the same clocks, the status-update promise
// judged over the report's life as docs/dashboard.md says.
#include <gtest/gtest.h>

#include <array>
#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "test_server.h"

namespace embargo {
namespace {

using testing::Browser;
using testing::HttpRequest;
using testing::HttpResponse;
using testing::TestServer;
namespace bh = boost::beast::http;
namespace json = boost::json;

using testing::kPassword;

// Every promise about time a policy can make.
constexpr const char* kPolicy = R"([program]
slug = "clocks"
name = "Clocks"

[sla]
acknowledge = "48h"
triage = "7d"
status_update = "14d"

[sla.resolution]
critical = "30d"
high = "30d"

[disclosure]
starts = "report"
embargo = "90d"

[form]
anonymous_allowed = true
[[form.fields]]
field = "title"
required = true
[[form.fields]]
field = "description"
required = true
[[form.fields]]
field = "severity"
)";

// A report's clocks as `kind -> {status, due_at, started_at}`.
using Clocks = std::map<std::string, std::vector<std::string>>;

Clocks clocks_of(const json::value& clocks) {
  Clocks out;
  for (const auto& c : clocks.as_array()) {
    const auto& clock = c.as_object();
    out[std::string(clock.at("kind").as_string())] = {
        std::string(clock.at("status").as_string()),
        clock.at("due_at").is_null() ? "" : std::string(clock.at("due_at").as_string()),
        std::string(clock.at("started_at").as_string())};
  }
  return out;
}

// The share of decided reports whose promise was met, as the dashboard writes it.
std::string share_words(int met, int decided) {
  if (decided == 0) return "none decided";
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", std::round(1000.0 * met / decided) / 10);
  std::string words = text;
  if (words.ends_with(".0")) words.resize(words.size() - 2);
  return words + "%";
}

class ClockAgreementTest : public ::testing::Test {
 protected:
  void SetUp() override {
    policy_ = std::filesystem::temp_directory_path() /
              ("clock-agreement-" + std::to_string(::getpid()) + ".toml");
    std::ofstream(policy_) << kPolicy;
    server_ = std::make_unique<TestServer>(
        "clocks", std::vector<std::string>{policy_.string()}, [](TestServer& server) {
          auto added = server.cli("user add --email handler@example.org --password-stdin",
                                  std::string(kPassword) + "\n");
          ASSERT_EQ(added.status, 0) << added.out;
          auto member =
              server.cli("member add --program clocks --email handler@example.org --role handler");
          ASSERT_EQ(member.status, 0) << member.out;

          std::string fixed = submit(server, "Fixed, not yet disclosed", "high");
          for (const char* to : {"acknowledged", "triaged", "accepted", "fixing", "fixed"}) {
            move(server, fixed, to);
          }
          std::string disclosed = submit(server, "Fixed and disclosed", "critical");
          for (const char* to : {"acknowledged", "accepted", "fixed", "disclosed"}) {
            move(server, disclosed, to);
          }
          move(server, submit(server, "Waiting on its reporter", "high"), "needs_info");
          move(server, submit(server, "Buy cheap watches", ""), "spam");
          submit(server, "Nobody looked yet", "critical");
        });
    std::istringstream ids(server_->recall("reports"));
    for (std::string id; ids >> id;) tokens_[id] = server_->recall("token " + id);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove(policy_);
  }

  // Files a report through the CLI; remembers its tracking token and adds it to "reports".
  static std::string submit(TestServer& server, const std::string& title,
                            const std::string& severity) {
    std::string body = "{\"title\": \"" + title +
                       "\", \"description\": \"Details.\", \"consent\": true" +
                       (severity.empty() ? "" : ", \"severity\": \"" + severity + "\"") + "}";
    auto stored = server.cli("report submit --program clocks -", body);
    EXPECT_EQ(stored.status, 0) << stored.out;
    std::smatch m;
    EXPECT_TRUE(std::regex_search(
        stored.out, m, std::regex("stored (\\S+)\\s+tracking token \\(shown once\\): (\\S+)")))
        << stored.out;
    server.remember("token " + m[1].str(), m[2]);
    std::string reports = server.remembers("reports") ? server.recall("reports") + " " : "";
    server.remember("reports", reports + m[1].str());
    return m[1];
  }

  static void move(const TestServer& server, const std::string& id, const std::string& to) {
    auto moved = server.cli("report transition " + id + " --to " + to +
                            " --reason 'As decided.' --actor handler@example.org");
    EXPECT_EQ(moved.status, 0) << moved.out;
  }

  // The team's view of a report: its state and clocks.
  static json::object team_view(const std::string& id) {
    auto shown = server_->cli("report show --json " + id);
    EXPECT_EQ(shown.status, 0) << shown.out;
    return json::parse(shown.out).as_object();
  }

  static inline std::filesystem::path policy_;
  static inline std::unique_ptr<TestServer> server_;
  static inline std::map<std::string, std::string> tokens_;  // report id -> tracking token
};

TEST_F(ClockAgreementTest, TheReporterSeesTheTeamsClocks) {
  for (const auto& [id, token] : tokens_) {
    auto tracked = server_->send(HttpRequest{bh::verb::get, "/api/v1/track/" + token, 11});
    ASSERT_EQ(tracked.result(), bh::status::ok) << tracked.body();
    EXPECT_EQ(clocks_of(json::parse(tracked.body()).at("clocks")),
              clocks_of(team_view(id).at("clocks")))
        << id;
  }
}

TEST_F(ClockAgreementTest, TheQueueIsDueWhenTheEarliestRunningClockIs) {
  Browser handler(*server_);
  ASSERT_TRUE(handler.sign_in("handler@example.org", kPassword));
  auto queue = handler.get("/desk/queue.csv");
  ASSERT_EQ(queue.result(), bh::status::ok) << queue.body();
  int rows = 0;
  for (const auto& [id, token] : tokens_) {
    auto view = team_view(id);
    std::string earliest, earliest_kind;
    for (const auto& [kind, clock] : clocks_of(view.at("clocks"))) {
      bool running = clock[0] == "pending" || clock[0] == "overdue";
      if (running && !clock[1].empty() && (earliest.empty() || clock[1] < earliest)) {
        earliest = clock[1];
        earliest_kind = kind;
      }
    }
    std::smatch row;
    bool listed = std::regex_search(queue.body(), row,
                                    std::regex("(^|\n)" + id +
                                               ",[^\n]*?,([^,\n]*),([^,\n]*),"
                                               "[^,\n]*,[^,\n]*\r?\n"));
    std::string state(view.at("state").as_string());
    if (state == "spam" || state == "disclosed") {
      EXPECT_FALSE(listed) << id << " is " << state << ": not in the queue";
      continue;
    }
    ASSERT_TRUE(listed) << id << "\n" << queue.body();
    ++rows;
    EXPECT_EQ(row[2], earliest) << id;
    EXPECT_EQ(row[3], earliest_kind) << id;
  }
  EXPECT_EQ(rows, 3);
}

TEST_F(ClockAgreementTest, TheDashboardCountsTheSameClocks) {
  // promise -> met, missed, overdue, running, waiting on the reporter, stopped
  std::map<std::string, std::array<int, 6>> tally;
  const std::map<std::string, int> column{{"met", 0},     {"missed", 1}, {"overdue", 2},
                                          {"pending", 3}, {"paused", 4}, {"stopped", 5}};
  for (const auto& [id, token] : tokens_) {
    auto view = team_view(id);
    std::string state(view.at("state").as_string());
    auto clocks = clocks_of(view.at("clocks"));
    for (const auto& [kind, clock] : clocks) ++tally[kind][column.at(clock[0])];
    // A closed or disclosed report has no status-update clock any more: no update is due. The
    // dashboard counts its silences as kept (each was a few seconds long).
    if (!clocks.contains("status_update")) {
      EXPECT_TRUE(state == "spam" || state == "disclosed") << id;
      ++tally["status_update"][0];
    }
  }
  Browser handler(*server_);
  ASSERT_TRUE(handler.sign_in("handler@example.org", kPassword));
  auto dashboard = handler.get("/desk/programs/clocks/dashboard");
  ASSERT_EQ(dashboard.result(), bh::status::ok) << dashboard.body();
  const std::map<std::string, std::string> heading{{"acknowledge", "Acknowledge"},
                                                   {"triage", "Triage"},
                                                   {"status_update", "Status update"},
                                                   {"resolution", "Resolution"},
                                                   {"disclosure", "Disclosure"}};
  ASSERT_EQ(tally.size(), 5u);
  for (const auto& [kind, counts] : tally) {
    std::string row = "<tr><th scope=\"row\">" + heading.at(kind) + "</th>";
    for (int n : counts) row += "<td>" + std::to_string(n) + "</td>";
    row += "<td>" + share_words(counts[0], counts[0] + counts[1] + counts[2]) + "</td></tr>";
    EXPECT_NE(dashboard.body().find(row), std::string::npos) << kind << ": " << row;
  }
}

}  // namespace
}  // namespace embargo
