#include "formats/policy_json.h"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <set>
#include <string>

// Expected values are read off the policy files in examples/policies/ (and their seeds in
// ../shared/seeds/), not produced by the code under test.

namespace embargo::formats {
namespace {

namespace json = boost::json;

Policy load_example(const std::string& name) {
  const auto load =
      load_policy_file(std::string(EMBARGO_SOURCE_DIR) + "/examples/policies/" + name + ".toml");
  for (const auto& e : load.errors) {
    ADD_FAILURE() << e.file << ":" << e.line << ":" << e.column << ": " << e.message;
  }
  return load.policy.value_or(Policy{});
}

std::set<std::string> keys(const json::object& object) {
  std::set<std::string> out;
  for (const auto& entry : object) out.emplace(entry.key());
  return out;
}

TEST(PolicyJson, CompanyPromisesBusinessDaysAndAsksForItsSixFields) {
  json::object p = policy_to_json(load_example("company"));
  EXPECT_EQ(p.at("slug"), "company");
  EXPECT_EQ(p.at("name"), "Company");
  EXPECT_TRUE(p.at("homepage").is_null());  // company.toml names none
  EXPECT_EQ(p.at("intake").at("api"), true);
  EXPECT_EQ(p.at("intake").at("email"), false);

  // acknowledge = triage = "7 business days", status_update = "30d", no resolution times.
  const auto& sla = p.at("sla").as_object();
  json::value seven_business_days = {
      {"amount", 7}, {"unit", "business_days"}, {"text", "7 business days"}};
  EXPECT_EQ(sla.at("acknowledge"), seven_business_days);
  EXPECT_EQ(sla.at("triage"), seven_business_days);
  EXPECT_TRUE(sla.at("resolution").as_object().empty());

  const auto& calendar = p.at("calendar").as_object();
  EXPECT_EQ(calendar.at("time_zone"), "Europe/Amsterdam");
  std::set<std::string> weekend;
  for (const auto& day : calendar.at("weekend").as_array()) {
    weekend.emplace(day.as_string());
  }
  EXPECT_EQ(weekend, (std::set<std::string>{"saturday", "sunday"}));
  EXPECT_EQ(calendar.at("holidays").as_array().size(), 7u);
  EXPECT_EQ(calendar.at("holidays").as_array().front(), "2026-01-01");

  const auto& form = p.at("form").as_object();
  EXPECT_EQ(form.at("consent_required"), true);
  EXPECT_EQ(form.at("anonymous_allowed"), true);
  const auto& fields = form.at("fields").as_array();
  ASSERT_EQ(fields.size(), 8u);
  EXPECT_EQ(fields[0], (json::value{{"name", "vulnerability_type"},
                                    {"label", "Type of vulnerability"},
                                    {"help", nullptr},
                                    {"required", true},
                                    {"max_bytes", 300},
                                    {"multiline", false}}));
  // description: no label of the form's own would still show the standard one; here it has one.
  EXPECT_EQ(fields[5].at("name"), "description");
  EXPECT_EQ(fields[5].at("label"), "Anything else we need to know");
  EXPECT_EQ(fields[5].at("required"), false);
  EXPECT_EQ(fields[5].at("max_bytes"), 64 * 1024);
  EXPECT_EQ(fields[5].at("multiline"), true);

  // [form.attachments]: .txt .png .jpg .pdf, one file; the seed names no size, so none is
  // published (null: the server's own limit applies).
  const auto& attachments = form.at("attachments").as_object();
  EXPECT_EQ(attachments.at("allowed"), true);
  EXPECT_EQ(attachments.at("extensions"), (json::value{".txt", ".png", ".jpg", ".pdf"}));
  EXPECT_TRUE(attachments.at("max_bytes").is_null());
  EXPECT_EQ(attachments.at("max_files"), 1);

  // The seed says nothing of rewards, and never promises to publish.
  EXPECT_EQ(p.at("rewards").at("kind"), "unstated");
  EXPECT_EQ(p.at("credit").at("default"), "ask");
  EXPECT_EQ(p.at("credit").at("where"), (json::value{"hall_of_fame"}));
  EXPECT_EQ(p.at("disclosure").at("starts"), "fix");
  EXPECT_TRUE(p.at("disclosure").at("embargo").is_null());
  // Its monthly status update is the team's own target: not in the published policy.
  EXPECT_TRUE(p.at("sla").at("status_update").is_null());
  EXPECT_FALSE(p.contains("targets"));
  EXPECT_EQ(p.at("texts").at("rules").as_array().size(), 7u);
  EXPECT_EQ(p.at("texts").at("safe_harbor"),
            "If you have followed the instructions above, we will not take any legal action "
            "against you concerning the report.");
}

TEST(PolicyJson, PykourRefusesLinksAndAttachmentsAndPromisesHours) {
  json::object p = policy_to_json(load_example("pykour"));
  // "avoid using external links or attachments"
  EXPECT_EQ(p.at("intake").at("links_allowed"), false);
  EXPECT_EQ(p.at("form").at("attachments").at("allowed"), false);
  EXPECT_EQ(p.at("form").at("consent_required"), false);
  // "will acknowledge your email within 48 hours"
  EXPECT_EQ(p.at("sla").at("acknowledge"),
            (json::value{{"amount", 48}, {"unit", "hours"}, {"text", "48 hours"}}));
  // "a more detailed response within another 48 hours": from the acknowledgement.
  EXPECT_EQ(p.at("sla").at("triage").at("amount"), 48);
  EXPECT_EQ(p.at("sla").at("triage_starts"), "acknowledgement");
  // Its promises are in hours: its calendar is the team's own, not published.
  EXPECT_TRUE(p.at("calendar").is_null());
  EXPECT_EQ(p.at("versions").at("scheme"), "pep440");
  EXPECT_EQ(p.at("versions").at("prerelease"), "best_effort");
  EXPECT_EQ(p.at("contacts").at("note"),
            "To report a security bug, please email the lead maintainer listed in the "
            "README.md file.");
  EXPECT_TRUE(p.at("texts").at("safe_harbor").is_null());  // the seed has none
}

TEST(PolicyJson, PySpectorCreditRules) {
  json::object p = policy_to_json(load_example("pyspector"));
  // private_for = ["duplicate", "low_impact"]; "Valid reporters will be publicly credited".
  EXPECT_EQ(p.at("credit").at("default"), "public");
  EXPECT_EQ(p.at("credit").at("private_for_duplicates"), true);
  EXPECT_EQ(p.at("credit").at("private_for_low_impact"), true);
  EXPECT_EQ(p.at("sla").at("status_update"),
            (json::value{{"amount", 7}, {"unit", "days"}, {"text", "7 days"}}));
  EXPECT_EQ(p.at("sla").at("status_update_repeats"), false);  // one update within 7 days
  EXPECT_TRUE(p.at("sla").at("triage").is_null());  // pyspector.toml promises no triage time
}

TEST(PolicyJson, LeavesOutWhatOnlyTheServerNeeds) {
  Policy policy = load_example("company");
  policy.identity.id_prefix = "SECRETPREFIX";
  policy.contacts.pgp_key_file = "keys/private-dir/team.asc";
  std::string text = json::serialize(policy_to_json(policy));
  EXPECT_EQ(text.find("SECRETPREFIX"), std::string::npos);
  EXPECT_EQ(text.find("private-dir"), std::string::npos);
  EXPECT_EQ(text.find("id_prefix"), std::string::npos);
  EXPECT_EQ(text.find("pgp_key_file"), std::string::npos);
}

TEST(PolicyJson, SummaryNamesTheProgramAndItsChannels) {
  json::object s = program_summary_to_json(load_example("pyflashbackup"));
  EXPECT_EQ(keys(s), (std::set<std::string>{"slug", "name", "homepage", "intake"}));
  EXPECT_EQ(s.at("slug"), "pyflashbackup");
  EXPECT_EQ(s.at("name"), "PyFlashBackup");
  // The seed's channel is email ("Privately Notify Us"); Embargo's form is offered beside it.
  EXPECT_EQ(s.at("intake").at("email"), true);
  EXPECT_EQ(s.at("intake").at("web_form"), true);
  EXPECT_EQ(s.at("intake").at("api"), false);
}

}  // namespace
}  // namespace embargo::formats
