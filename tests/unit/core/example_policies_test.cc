#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/policy.h"

// Every expectation below is a fact stated in the seed SECURITY.md the policy was written from
// (../shared/seeds/NNN_*.txt); the comment on each names the seed's words.

namespace embargo {
namespace {

Policy load_example(const std::string& name) {
  const auto load =
      load_policy_file(std::string(EMBARGO_SOURCE_DIR) + "/examples/policies/" + name + ".toml");
  for (const auto& e : load.errors) {
    ADD_FAILURE() << e.file << ":" << e.line << ":" << e.column << ": " << e.message;
  }
  return load.policy.value_or(Policy{});
}

bool contains(const std::vector<std::string>& list, const std::string& text) {
  return std::find(list.begin(), list.end(), text) != list.end();
}

Duration policy_hours(std::int64_t n) { return {n, Duration::Unit::hours}; }
Duration policy_days(std::int64_t n) { return {n, Duration::Unit::days}; }
Duration policy_business_days(std::int64_t n) { return {n, Duration::Unit::business_days}; }

// Seed 000.
TEST(ExamplePolicies, PyFlashBackup) {
  const Policy p = load_example("pyflashbackup");
  EXPECT_EQ(p.identity.slug, "pyflashbackup");
  EXPECT_EQ(p.identity.name, "PyFlashBackup");
  EXPECT_EQ(p.identity.last_updated, "22 december 2023");  // "*Last updated: 22 december 2023*"
  // "send an email to stas-chubar@yandex.ru", "use our PGP key", "[PGP public key here](...)".
  EXPECT_TRUE(p.intake.email);
  // Embargo's form is offered beside the seed's mail, asking for the same contents.
  EXPECT_TRUE(p.intake.web_form);
  EXPECT_EQ(p.contacts.email, "stas-chubar@yandex.ru");
  EXPECT_TRUE(p.intake.encrypted_email_preferred);
  EXPECT_EQ(p.contacts.pgp_key_url, "https://github.com/schubarkrsk/pgp-keys/blob/main/public.txt");
  // "A brief description", "Steps to reproduce", "The version of PyFlashBackup".
  ASSERT_NE(p.form.find(ReportField::description), nullptr);
  EXPECT_TRUE(p.form.find(ReportField::description)->required);
  EXPECT_NE(p.form.find(ReportField::steps_to_reproduce), nullptr);
  EXPECT_NE(p.form.find(ReportField::affected_versions), nullptr);
  // "acknowledge your report promptly": no number is promised, so none is; the team's own
  // acknowledgement time is an internal target, and so is publishing with the fix.
  EXPECT_FALSE(p.sla.acknowledge.has_value());
  EXPECT_FALSE(p.sla.status_update.has_value());
  EXPECT_EQ(p.targets.times.acknowledge, policy_business_days(3));
  EXPECT_FALSE(p.disclosure.embargo.has_value());
  EXPECT_FALSE(p.disclosure.reporter_may_verify);
  EXPECT_TRUE(p.disclosure.advisory_channels.empty());
  EXPECT_TRUE(p.credit.where.empty());
  EXPECT_FALSE(promises_count_days(p));
  // "covers the main PyFlashBackup repository and its official releases".
  EXPECT_EQ(p.scope.in.size(), 2u);
  EXPECT_NE(p.scope.third_party.find("report it directly to the maintainers"), std::string::npos);
  // "open to discussing appropriate rewards on a case-by-case basis".
  EXPECT_EQ(p.rewards.kind, Rewards::Kind::case_by_case);
  // "We request that you do not disclose the details publicly until we have ... address[ed]".
  EXPECT_EQ(p.disclosure.starts, Disclosure::Start::fix);
  EXPECT_NE(p.texts.safe_harbor.find("act in good faith"), std::string::npos);
}

// Seed 001.
TEST(ExamplePolicies, PySpector) {
  const Policy p = load_example("pyspector");
  EXPECT_EQ(p.identity.slug, "pyspector");
  EXPECT_EQ(p.identity.id_prefix, "PYSPECTOR");
  // "reported privately through our official form".
  EXPECT_TRUE(p.intake.web_form);
  EXPECT_FALSE(p.intake.email);
  // "[Contact](mailto:pyspector@protonmail. com)" with the stray space removed.
  EXPECT_EQ(p.contacts.questions_email, "pyspector@protonmail.com");
  // "acknowledge within 48 hours and provide a status update within 7 days".
  // "We aim to acknowledge within 48 hours and provide a status update within 7 days": one
  // update, not one every 7 days.
  EXPECT_EQ(p.sla.acknowledge, policy_hours(48));
  EXPECT_EQ(p.sla.status_update, policy_days(7));
  EXPECT_FALSE(p.sla.status_update_repeats);
  // No homepage, no size limit and no pre-release stance: the seed states none.
  EXPECT_TRUE(p.identity.homepage.empty());
  EXPECT_EQ(p.form.attachments.max_bytes, 0u);
  EXPECT_EQ(p.versions.prerelease, Versions::Prerelease::unstated);
  // The nine items of the form: eight fields and the PoC upload.
  ASSERT_EQ(p.form.fields.size(), 8u);
  const ReportField order[] = {ReportField::reporter_name, ReportField::reporter_email,
                               ReportField::title,         ReportField::affected_versions,
                               ReportField::severity,      ReportField::description,
                               ReportField::impact,        ReportField::steps_to_reproduce};
  for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(p.form.fields[i].field, order[i]) << i;
  ASSERT_NE(p.form.find(ReportField::severity), nullptr);
  EXPECT_TRUE(p.form.find(ReportField::severity)->required);
  EXPECT_NE(p.form.find(ReportField::severity)->help.find("Low, Medium, High, Critical"),
            std::string::npos);
  EXPECT_EQ(p.form.find(ReportField::reporter_name)->label, "Full Name (for credits)");
  EXPECT_NE(p.form.find(ReportField::reporter_name)->help.find("N/A"), std::string::npos);
  EXPECT_TRUE(p.form.anonymous_allowed);
  // "Upload a safe, minimal PoC (`.txt` file)".
  EXPECT_TRUE(p.form.attachments.allowed);
  EXPECT_EQ(p.form.attachments.extensions, std::vector<std::string>{".txt"});
  EXPECT_NE(p.form.attachments.note.find("Batchfile"), std::string::npos);
  // Six in-scope lines and six out-of-scope lines.
  EXPECT_EQ(p.scope.in.size(), 6u);
  EXPECT_EQ(p.scope.out.size(), 6u);
  // "We do not currently offer monetary rewards."
  EXPECT_EQ(p.rewards.kind, Rewards::Kind::none);
  // "publicly credited in the advisory and release notes", "Duplicate or low-impact findings
  // may receive private acknowledgement only", anonymous "N/A" submissions respected.
  EXPECT_EQ(p.credit.by_default, Credit::Default::public_credit);
  // "publicly credited in the advisory and release notes".
  EXPECT_TRUE(contains(p.credit.where, "advisory"));
  EXPECT_TRUE(contains(p.credit.where, "release_notes"));
  EXPECT_TRUE(p.credit.private_for_duplicates);
  EXPECT_TRUE(p.credit.private_for_low_impact);
  EXPECT_TRUE(p.credit.anonymous_allowed);
  // Five disclosure steps; "the reporter may be invited to verify the patch"; a GHSA.
  EXPECT_EQ(p.disclosure.steps.size(), 5u);
  EXPECT_TRUE(p.disclosure.reporter_may_verify);
  // "A GitHub Security Advisory (GHSA) is released".
  EXPECT_EQ(p.disclosure.advisory_channels, std::vector<std::string>{"ghsa"});
  // Four safe-harbor conditions and what voids them.
  EXPECT_EQ(p.texts.safe_harbor_conditions.size(), 4u);
  EXPECT_NE(p.texts.safe_harbor_void.find("void this protection"), std::string::npos);
}

// Seed 002.
TEST(ExamplePolicies, Company) {
  const Policy p = load_example("company");
  // "respond to your report within 7 business days with our evaluation of the report and an
  // expected resolution date".
  EXPECT_EQ(p.sla.triage, policy_business_days(7));
  // type; service/URL/IPs; requirements; information to reproduce; impact with how an attacker
  // could find and exploit it: all "at least" required.
  for (ReportField f :
       {ReportField::vulnerability_type, ReportField::affected_component, ReportField::requirements,
        ReportField::steps_to_reproduce, ReportField::impact}) {
    ASSERT_NE(p.form.find(f), nullptr) << info(f).name;
    EXPECT_TRUE(p.form.find(f)->required) << info(f).name;
  }
  EXPECT_NE(
      p.form.find(ReportField::impact)->help.find("how an attacker could find it and exploit it"),
      std::string::npos);
  // "Reporting under a pseudonym or anonymous is possible."
  EXPECT_TRUE(p.form.anonymous_allowed);
  EXPECT_FALSE(p.form.find(ReportField::reporter_name)->required);
  // Seven ethical rules and five promises.
  EXPECT_EQ(p.texts.rules.size(), 7u);
  EXPECT_EQ(p.texts.promises.size(), 5u);
  EXPECT_NE(p.texts.safe_harbor.find("we will not take any legal action"), std::string::npos);
  // "In mutual consultation, we can mention (if you desire) your name ... on our hall of fame."
  EXPECT_EQ(p.credit.by_default, Credit::Default::ask);
  EXPECT_EQ(p.credit.where, std::vector<std::string>{"hall_of_fame"});
  // "Do not share the information ... until it has been resolved."
  EXPECT_EQ(p.disclosure.starts, Disclosure::Start::fix);
  // The company never promises to publish; it promises no status-update cadence and no rewards.
  EXPECT_FALSE(p.disclosure.embargo.has_value());
  EXPECT_FALSE(p.sla.status_update.has_value());
  EXPECT_EQ(p.targets.times.status_update, policy_days(30));
  EXPECT_EQ(p.rewards.kind, Rewards::Kind::unstated);
  // Business days are promised, so the calendar they count in is published.
  EXPECT_TRUE(promises_count_days(p));
}

// Seed 003.
TEST(ExamplePolicies, Pykour) {
  const Policy p = load_example("pykour");
  // "please email the lead maintainer listed in the README.md file".
  EXPECT_TRUE(p.intake.email);
  // Embargo's form is offered beside the seed's mail, asking for the same contents.
  EXPECT_TRUE(p.intake.web_form);
  EXPECT_NE(p.contacts.note.find("lead maintainer listed in the README.md"), std::string::npos);
  // "include the entirety of the report within the email body and avoid using external links or
  // attachments".
  EXPECT_FALSE(p.intake.links_allowed);
  EXPECT_FALSE(p.form.attachments.allowed);
  // "acknowledge your email within 48 hours and will follow up with a more detailed response
  // within another 48 hours": 48 hours counted from the acknowledgement.
  EXPECT_EQ(p.sla.acknowledge, policy_hours(48));
  EXPECT_EQ(p.sla.triage, policy_hours(48));
  EXPECT_EQ(p.sla.triage_starts, Sla::TriageStart::acknowledgement);
  // "endeavor to keep you informed": no cadence promised.
  EXPECT_FALSE(p.sla.status_update.has_value());
  EXPECT_TRUE(p.identity.homepage.empty());
  // "it is not guaranteed that any fixes will be included in the next pre-release".
  EXPECT_EQ(p.versions.prerelease, Versions::Prerelease::best_effort);
  EXPECT_NE(p.versions.prerelease_note.find("Alpha and Beta releases are unstable"),
            std::string::npos);
  // The handler's steps: assign, confirm, audit, prepare fixes.
  EXPECT_EQ(p.disclosure.steps.size(), 4u);
  EXPECT_NE(p.scope.third_party.find("third-party module"), std::string::npos);
  EXPECT_NE(p.texts.closing.find("submit a pull request"), std::string::npos);
}

// Seed 004.
TEST(ExamplePolicies, Project) {
  const Policy p = load_example("project");
  // "We will acknowledge your report within 48 hours".
  EXPECT_EQ(p.sla.acknowledge, policy_hours(48));
  // "Email our security team", with no address: none is published, the form is the channel.
  EXPECT_FALSE(p.intake.email);
  EXPECT_TRUE(p.contacts.email.empty());
  // Description; steps or PoC; affected versions, components or dependencies; suggestions.
  ASSERT_NE(p.form.find(ReportField::description), nullptr);
  EXPECT_TRUE(p.form.find(ReportField::description)->required);
  EXPECT_NE(p.form.find(ReportField::steps_to_reproduce), nullptr);
  EXPECT_NE(p.form.find(ReportField::affected_versions), nullptr);
  EXPECT_NE(p.form.find(ReportField::affected_component), nullptr);
  EXPECT_NE(p.form.find(ReportField::suggested_fix), nullptr);
  // The supported-versions table: latest, supported.
  ASSERT_EQ(p.versions.supported.size(), 1u);
  EXPECT_EQ(p.versions.supported[0].range, "latest");
  EXPECT_TRUE(p.versions.supported[0].supported);
  // "We do not offer financial compensation".
  EXPECT_EQ(p.rewards.kind, Rewards::Kind::none);
  // Four safe-harbor guidelines, five response steps.
  EXPECT_EQ(p.texts.safe_harbor_conditions.size(), 4u);
  EXPECT_EQ(p.disclosure.steps.size(), 5u);
  // "give us a reasonable amount of time ... before making any public disclosure": no length is
  // promised; the team's 90 days are an internal target.
  EXPECT_FALSE(p.disclosure.embargo.has_value());
  EXPECT_EQ(p.targets.disclosure, policy_days(90));
  EXPECT_EQ(p.disclosure.starts, Disclosure::Start::report);
  // "with their permission, unless they prefer to remain anonymous".
  EXPECT_TRUE(p.credit.anonymous_allowed);
}

}  // namespace
}  // namespace embargo
