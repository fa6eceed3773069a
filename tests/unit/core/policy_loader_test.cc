#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "core/policy.h"
#include "core/size.h"

// Expected positions are counted by hand: each policy below is built from numbered lines, and a
// value's column is the length of "key = " plus one.

namespace embargo {
namespace {

// Lines 1-6 of every policy below; the lines a test adds start at line 7.
const std::vector<std::string> kBase = {
    "[program]", "slug = \"demo\"", "name = \"Demo\"",
    "[form]",    "[[form.fields]]", "field = \"description\"",
};

std::string join(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

PolicyLoad load_lines(const std::vector<std::string>& lines) {
  return load_policy(join(lines), "p.toml");
}

// The base policy followed by `extra`, whose first line is line 7.
PolicyLoad load_with(const std::vector<std::string>& extra) {
  std::vector<std::string> lines = kBase;
  lines.insert(lines.end(), extra.begin(), extra.end());
  return load_lines(lines);
}

std::string dump(const PolicyLoad& load) {
  std::string out;
  for (const auto& e : load.errors) {
    out += e.file + ":" + std::to_string(e.line) + ":" + std::to_string(e.column) + ": " +
           e.message + "\n";
  }
  return out;
}

void expect_error(const PolicyLoad& load, int line, int column, const std::string& message) {
  EXPECT_FALSE(load.policy.has_value());
  ASSERT_EQ(load.errors.size(), 1u) << dump(load);
  EXPECT_EQ(load.errors[0].file, "p.toml");
  EXPECT_EQ(load.errors[0].line, line) << dump(load);
  EXPECT_EQ(load.errors[0].column, column) << dump(load);
  EXPECT_EQ(load.errors[0].message, message);
}

Policy expect_policy(const PolicyLoad& load) {
  EXPECT_TRUE(load.errors.empty()) << dump(load);
  return load.policy.value_or(Policy{});
}

// --- The whole file -----------------------------------------------------------------------

TEST(PolicyLoader, AcceptsTheSmallestPolicyWithTheDocumentedDefaults) {
  const Policy p = expect_policy(load_with({}));
  EXPECT_EQ(p.identity.slug, "demo");
  EXPECT_EQ(p.identity.name, "Demo");
  EXPECT_EQ(p.identity.id_prefix, "DEMO");
  EXPECT_EQ(p.identity.languages, std::vector<std::string>{"en"});
  EXPECT_EQ(p.calendar.time_zone, "UTC");
  EXPECT_EQ(p.calendar.weekend, (std::vector<int>{6, 0}));
  EXPECT_FALSE(p.sla.acknowledge.has_value());
  ASSERT_EQ(p.form.fields.size(), 1u);
  EXPECT_EQ(p.form.fields[0].field, ReportField::description);
  EXPECT_FALSE(p.form.fields[0].required);
  EXPECT_FALSE(p.form.attachments.allowed);
  EXPECT_TRUE(p.intake.web_form);
  EXPECT_EQ(p.rewards.kind, Rewards::Kind::unstated);
  EXPECT_EQ(p.versions.prerelease, Versions::Prerelease::unstated);
  EXPECT_EQ(p.credit.by_default, Credit::Default::ask);
  EXPECT_TRUE(p.sla.status_update_repeats);
  EXPECT_EQ(p.sla.triage_starts, Sla::TriageStart::report);
}

TEST(PolicyLoader, ReportsASyntaxErrorAsOneErrorWithItsPosition) {
  // Line 8 opens a string that the line never closes.
  const auto load = load_with({"[sla]", "acknowledge = \"48h"});
  ASSERT_EQ(load.errors.size(), 1u) << dump(load);
  EXPECT_EQ(load.errors[0].line, 8);
  EXPECT_GT(load.errors[0].column, 14);
  EXPECT_EQ(load.errors[0].message.rfind("invalid TOML: ", 0), 0u) << load.errors[0].message;
}

TEST(PolicyLoader, ReportsEveryErrorSortedByLineThenColumn) {
  // Read order is program, sla, ..., form; file order puts [sla] first.
  const auto load = load_lines({
      "[sla]",                   // 1
      "acknowledge = 5",         // 2
      "triage = \"-1h\"",        // 3
      "[program]",               // 4
      "slug = \"Bad Slug\"",     // 5
      "name = \"Demo\"",         // 6
      "colour = \"red\"",        // 7
      "[form]",                  // 8
      "[[form.fields]]",         // 9
      "field = \"descripton\"",  // 10
  });
  ASSERT_EQ(load.errors.size(), 5u) << dump(load);
  EXPECT_EQ(load.errors[0].line, 2);
  EXPECT_EQ(load.errors[1].line, 3);
  EXPECT_EQ(load.errors[2].line, 5);
  EXPECT_EQ(load.errors[3].line, 7);
  EXPECT_EQ(load.errors[4].line, 10);
  EXPECT_EQ(
      load.errors[4].message,
      R"(form.fields[0].field: unknown report field "descripton" (did you mean "description"?))");
}

TEST(PolicyLoader, FileWithTypoAndWordForDurationGivesBothErrors) {
  const std::string path =
      std::string(EMBARGO_SOURCE_DIR) + "/tests/data/policies/typo_and_string.toml";
  const auto load = load_policy_file(path);
  ASSERT_EQ(load.errors.size(), 2u) << dump(load);
  // Line 11 is `acknowlege = "48h"`, line 12 `triage = "soon"` (value at column 10).
  EXPECT_EQ(load.errors[0].file, path);
  EXPECT_EQ(load.errors[0].line, 11);
  EXPECT_EQ(load.errors[0].column, 1);
  EXPECT_EQ(load.errors[0].message,
            "unknown key 'acknowlege' in [sla] (did you mean 'acknowledge'?)");
  EXPECT_EQ(load.errors[1].line, 12);
  EXPECT_EQ(load.errors[1].column, 10);
  EXPECT_EQ(load.errors[1].message,
            R"(sla.triage: expected a duration like "48h", "7d" or "7 business days", got "soon")");
}

TEST(PolicyLoader, ReportsAnUnreadableFileAtLineZero) {
  const auto missing = load_policy_file("/nonexistent/policy.toml");
  ASSERT_EQ(missing.errors.size(), 1u);
  EXPECT_EQ(missing.errors[0].line, 0);
  EXPECT_EQ(missing.errors[0].message, "cannot read the policy file: no such file");
  const auto directory = load_policy_file(EMBARGO_SOURCE_DIR);
  ASSERT_EQ(directory.errors.size(), 1u);
  EXPECT_EQ(directory.errors[0].message, "cannot read the policy file: not a regular file");
}

TEST(PolicyLoader, LoadsTheFullFixtureWithEveryKey) {
  const auto load =
      load_policy_file(std::string(EMBARGO_SOURCE_DIR) + "/tests/data/policies/good/full.toml");
  const Policy p = expect_policy(load);
  EXPECT_EQ(p.identity.slug, "acme-tools");
  EXPECT_EQ(p.identity.id_prefix, "ACME");
  EXPECT_EQ(p.identity.homepage, "https://acme.example/tools");
  EXPECT_EQ(p.identity.languages, (std::vector<std::string>{"en", "pt-BR"}));
  EXPECT_EQ(p.identity.last_updated, "2026-01-15");
  EXPECT_EQ(p.contacts.email, "security@acme.example");
  EXPECT_EQ(p.contacts.pgp_key_file, "keys/security.asc");
  EXPECT_EQ(p.contacts.pgp_key_url, "https://acme.example/security.asc");
  EXPECT_EQ(p.contacts.questions_email, "policy@acme.example");
  EXPECT_EQ(p.contacts.note, "We read mail on weekdays.");
  EXPECT_TRUE(p.intake.web_form);
  EXPECT_FALSE(p.intake.api);
  EXPECT_TRUE(p.intake.email);
  EXPECT_TRUE(p.intake.encrypted_email_preferred);
  EXPECT_FALSE(p.intake.links_allowed);
  EXPECT_EQ(p.calendar.time_zone, "Europe/Berlin");
  EXPECT_EQ(p.calendar.weekend, (std::vector<int>{5, 6}));  // friday = 5, saturday = 6
  EXPECT_EQ(p.calendar.holidays, (std::vector<std::string>{"2026-12-25", "2026-12-26"}));
  EXPECT_EQ(p.sla.acknowledge, (Duration{24, Duration::Unit::hours}));
  EXPECT_EQ(p.sla.triage, (Duration{5, Duration::Unit::business_days}));
  EXPECT_EQ(p.sla.status_update, (Duration{14, Duration::Unit::days}));
  EXPECT_EQ(p.sla.resolution.at(Severity::critical), (Duration{7, Duration::Unit::days}));
  EXPECT_EQ(p.sla.resolution.at(Severity::high), (Duration{30, Duration::Unit::days}));
  EXPECT_EQ(p.sla.resolution.at(Severity::medium), (Duration{60, Duration::Unit::days}));
  EXPECT_EQ(p.sla.resolution.at(Severity::low), (Duration{90, Duration::Unit::days}));
  EXPECT_EQ(p.scope.in, (std::vector<std::string>{"acme-tools and its plugins"}));
  EXPECT_EQ(p.scope.out, (std::vector<std::string>{"acme.example web site"}));
  EXPECT_EQ(p.scope.third_party, "Report to the upstream project.");
  EXPECT_EQ(p.versions.scheme, Versions::Scheme::semver);
  EXPECT_EQ(p.versions.prerelease, Versions::Prerelease::best_effort);
  EXPECT_EQ(p.versions.prerelease_note, "Betas are fixed when we can.");
  ASSERT_EQ(p.versions.supported.size(), 2u);
  EXPECT_EQ(p.versions.supported[0].range, ">= 2.0, < 3");
  EXPECT_TRUE(p.versions.supported[0].supported);
  EXPECT_EQ(p.versions.supported[1].range, "1.x");
  EXPECT_FALSE(p.versions.supported[1].supported);
  EXPECT_EQ(p.versions.supported[1].note, "End of life.");
  EXPECT_FALSE(p.form.anonymous_allowed);
  EXPECT_FALSE(p.form.consent_required);
  ASSERT_EQ(p.form.fields.size(), 3u);
  EXPECT_EQ(p.form.fields[0].field, ReportField::title);
  EXPECT_TRUE(p.form.fields[0].required);
  EXPECT_EQ(p.form.fields[0].label, "Summary");
  EXPECT_EQ(p.form.fields[0].help, "One line.");
  EXPECT_EQ(p.form.fields[1].field, ReportField::cvss_vector);
  EXPECT_EQ(p.form.fields[2].field, ReportField::cwe);
  EXPECT_TRUE(p.form.attachments.allowed);
  EXPECT_EQ(p.form.attachments.extensions, (std::vector<std::string>{".txt", ".tar.gz"}));
  EXPECT_EQ(p.form.attachments.max_bytes, 512u * 1024u);  // 512 KiB
  EXPECT_EQ(p.form.attachments.max_files, 4);
  EXPECT_EQ(p.form.attachments.note, "Logs welcome.");
  EXPECT_EQ(p.rewards.kind, Rewards::Kind::table);
  EXPECT_EQ(p.rewards.currency, "EUR");
  EXPECT_EQ(p.rewards.note, "Paid after the fix.");
  EXPECT_EQ(p.rewards.table.at(Severity::high).min, 200);
  EXPECT_EQ(p.rewards.table.at(Severity::high).max, 500);
  EXPECT_EQ(p.rewards.table.at(Severity::critical).max, 2000);
  EXPECT_EQ(p.rewards.table.count(Severity::low), 0u);
  EXPECT_EQ(p.credit.by_default, Credit::Default::private_credit);
  EXPECT_FALSE(p.credit.anonymous_allowed);
  EXPECT_EQ(p.credit.where, (std::vector<std::string>{"hall_of_fame"}));
  EXPECT_TRUE(p.credit.private_for_duplicates);
  EXPECT_FALSE(p.credit.private_for_low_impact);
  EXPECT_EQ(p.credit.note, "Thanks.");
  EXPECT_EQ(p.disclosure.embargo, (Duration{90, Duration::Unit::days}));
  EXPECT_EQ(p.disclosure.starts, Disclosure::Start::report);
  EXPECT_TRUE(p.disclosure.reporter_may_verify);
  EXPECT_EQ(p.disclosure.advisory_channels, (std::vector<std::string>{"osv", "cve"}));
  EXPECT_EQ(p.disclosure.steps, (std::vector<std::string>{"Fix.", "Publish."}));
  EXPECT_EQ(p.texts.intro, "Hello.");
  EXPECT_EQ(p.texts.safe_harbor, "We will not sue.");
  EXPECT_EQ(p.texts.safe_harbor_conditions, (std::vector<std::string>{"Be nice."}));
  EXPECT_EQ(p.texts.safe_harbor_void, "Unless you are not.");
  EXPECT_EQ(p.texts.rules, (std::vector<std::string>{"No DoS.", "No spam."}));
  EXPECT_EQ(p.texts.promises, (std::vector<std::string>{"We answer."}));
  EXPECT_EQ(p.texts.closing, "Bye.");
}

TEST(PolicyLoader, BadFixtureGivesOneErrorPerSectionInFileOrder) {
  const auto load = load_policy_file(std::string(EMBARGO_SOURCE_DIR) +
                                     "/tests/data/policies/bad/every_section.toml");
  // Line and column of each mistake, counted in the fixture.
  const std::vector<std::pair<int, int>> expected = {
      {3, 8},    // slug with capitals and a space
      {8, 9},    // email without '@'
      {11, 12},  // boolean as a string
      {14, 13},  // unknown time zone
      {18, 10},  // triage shorter than acknowledge
      {21, 21},  // an integer in a list of strings
      {24, 10},  // unknown version scheme
      {28, 9},   // unknown report field
      {32, 15},  // extension without its dot
      {33, 12},  // 1 GB is over the 100 MB limit
      {39, 7},   // reward min above max
      {43, 11},  // unknown credit default
      {46, 11},  // unknown duration unit
      {49, 9},   // a string where a list belongs
  };
  ASSERT_EQ(load.errors.size(), expected.size()) << dump(load);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(load.errors[i].line, expected[i].first) << load.errors[i].message;
    EXPECT_EQ(load.errors[i].column, expected[i].second) << load.errors[i].message;
  }
}

// --- Unknown keys and wrong types ---------------------------------------------------------

TEST(PolicyLoader, UnknownKeySuggestsTheClosestKnownOne) {
  expect_error(load_with({"[sla]", "acknowlege = \"48h\""}), 8, 1,
               "unknown key 'acknowlege' in [sla] (did you mean 'acknowledge'?)");
}

TEST(PolicyLoader, UnknownKeyWithNothingCloseHasNoSuggestion) {
  expect_error(load_with({"[scope]", "colour = \"red\""}), 8, 1, "unknown key 'colour' in [scope]");
}

TEST(PolicyLoader, UnknownSectionAtTheTopLevel) {
  // A table header's key starts after the '['.
  expect_error(load_with({"[slas]"}), 7, 2,
               "unknown key 'slas' at the top level (did you mean 'sla'?)");
}

TEST(PolicyLoader, UnknownKeyInsideAnArrayOfTables) {
  expect_error(load_with({"requird = true"}), 7, 1,
               "unknown key 'requird' in [[form.fields]] (did you mean 'required'?)");
}

TEST(PolicyLoader, UnknownKeyInANestedTable) {
  expect_error(load_with({"[sla.resolution]", "urgent = \"1d\""}), 8, 1,
               "unknown key 'urgent' in [sla.resolution]");
}

TEST(PolicyLoader, IntegerWhereADurationBelongs) {
  expect_error(
      load_with({"[sla]", "acknowledge = 48"}), 8, 15,
      R"(sla.acknowledge: expected a duration like "48h", "7d" or "7 business days", got an integer)");
}

TEST(PolicyLoader, IntegerWhereAStringBelongs) {
  expect_error(load_lines({"[program]", "slug = \"demo\"", "name = 42", "[form]", "[[form.fields]]",
                           "field = \"title\""}),
               3, 8, "program.name: expected a string, got an integer");
}

TEST(PolicyLoader, StringWhereABooleanBelongs) {
  expect_error(load_with({"[intake]", "email = \"yes\""}), 8, 9,
               "intake.email: expected true or false, got a string");
}

TEST(PolicyLoader, StringWhereAListBelongs) {
  expect_error(load_with({"[scope]", "in = \"everything\""}), 8, 6,
               "scope.in: expected an array of strings, got a string");
}

TEST(PolicyLoader, WrongEntryInAList) {
  expect_error(load_with({"[scope]", "in = [\"cli\", 7]"}), 8, 14,
               "scope.in[1]: expected a string, got an integer");
}

TEST(PolicyLoader, EmptyEntryInAList) {
  expect_error(load_with({"[texts]", "rules = [\"  \"]"}), 8, 10,
               "texts.rules[0]: must not be empty");
}

TEST(PolicyLoader, ValueWhereASectionBelongs) {
  expect_error(load_lines({"sla = 5", "[program]", "slug = \"demo\"", "name = \"Demo\"", "[form]",
                           "[[form.fields]]", "field = \"title\""}),
               1, 7, "sla: expected a table, got an integer");
}

TEST(PolicyLoader, TableWhereAnArrayOfTablesBelongs) {
  expect_error(load_lines({"[program]", "slug = \"demo\"", "name = \"Demo\"", "[form.fields]",
                           "field = \"title\""}),
               4, 1, "form.fields: expected an array of tables ([[form.fields]]), got a table");
}

TEST(PolicyLoader, ValueOutsideItsChoices) {
  expect_error(
      load_with({"[versions]", "scheme = \"semvar\""}), 8, 10,
      R"(versions.scheme: expected one of "semver", "pep440", "generic", got "semvar" (did you mean "semver"?))");
}

// --- [program] ----------------------------------------------------------------------------

TEST(ProgramSection, MissingTableIsReportedAtTheTop) {
  expect_error(load_lines({"[form]", "[[form.fields]]", "field = \"title\""}), 1, 1,
               "missing required table [program]");
}

TEST(ProgramSection, MissingSlugAndNameAreReportedAtTheTable) {
  const auto load = load_lines({"[form]", "[[form.fields]]", "field = \"title\"", "[program]",
                                "homepage = \"https://x.example\""});
  ASSERT_EQ(load.errors.size(), 2u) << dump(load);
  EXPECT_EQ(load.errors[0].line, 4);
  EXPECT_EQ(load.errors[0].column, 1);
  EXPECT_EQ(load.errors[0].message, "missing required key 'slug' in [program]");
  EXPECT_EQ(load.errors[1].message, "missing required key 'name' in [program]");
}

TEST(ProgramSection, BlankNameIsRefused) {
  expect_error(load_lines({"[program]", "slug = \"demo\"", "name = \" \"", "[form]",
                           "[[form.fields]]", "field = \"title\""}),
               3, 8, "program.name: must not be empty");
}

TEST(ProgramSection, SlugMustBeLowerCaseLettersDigitsAndDashes) {
  const std::string expected_tail =
      "\" is not a slug: expected 1 to 40 lower-case letters, digits and '-', starting with a "
      "letter or digit";
  for (const std::string& slug :
       std::vector<std::string>{"PySpector", "-demo", "demo_x", "", std::string(41, 'a')}) {
    const auto load =
        load_lines({"[program]", "slug = \"" + slug + "\"", "name = \"D\"", "id_prefix = \"D\"",
                    "[form]", "[[form.fields]]", "field = \"title\""});
    ASSERT_EQ(load.errors.size(), 1u) << slug << "\n" << dump(load);
    EXPECT_EQ(load.errors[0].line, 2);
    EXPECT_EQ(load.errors[0].column, 8);
    if (!slug.empty()) {
      EXPECT_EQ(load.errors[0].message, "program.slug: \"" + slug + expected_tail);
    }
  }
  const std::string longest(40, 'a');
  expect_policy(
      load_lines({"[program]", "slug = \"" + longest + "\"", "name = \"D\"", "id_prefix = \"D\"",
                  "[form]", "[[form.fields]]", "field = \"title\""}));
}

TEST(ProgramSection, IdPrefixDefaultsToTheSlugUpperCasedWithoutDashes) {
  const Policy p = expect_policy(load_lines({"[program]", "slug = \"py-spector2\"", "name = \"P\"",
                                             "[form]", "[[form.fields]]", "field = \"title\""}));
  EXPECT_EQ(p.identity.id_prefix, "PYSPECTOR2");
}

TEST(ProgramSection, IdPrefixMustBeUpperCaseLettersAndDigits) {
  expect_error(
      load_lines({"[program]", "slug = \"demo\"", "name = \"Demo\"", "id_prefix = \"De-1\"",
                  "[form]", "[[form.fields]]", "field = \"title\""}),
      4, 13,
      "program.id_prefix: \"De-1\" is not an id prefix: expected 1 to 16 upper-case letters or "
      "digits");
}

TEST(ProgramSection, DefaultIdPrefixLongerThan16NeedsAnExplicitOne) {
  expect_error(
      load_lines({"[program]", "slug = \"a-very-long-program-name\"", "name = \"D\"", "[form]",
                  "[[form.fields]]", "field = \"title\""}),
      2, 8,
      "program.slug: the report id prefix made from the slug (\"AVERYLONGPROGRAMNAME\") is "
      "longer than 16 characters: set program.id_prefix");
}

TEST(ProgramSection, HomepageMustBeAWebAddress) {
  expect_error(load_lines({"[program]", "slug = \"demo\"", "name = \"Demo\"",
                           "homepage = \"github.com/demo\"", "[form]", "[[form.fields]]",
                           "field = \"title\""}),
               4, 12,
               "program.homepage: expected an http:// or https:// URL, got \"github.com/demo\"");
}

TEST(ProgramSection, LanguagesMustBeTags) {
  const auto load = load_lines({"[program]", "slug = \"demo\"", "name = \"Demo\"",
                                "languages = [\"en\", \"english!\"]", "[form]", "[[form.fields]]",
                                "field = \"title\""});
  expect_error(load, 4, 20,
               "program.languages: \"english!\" is not a language tag like \"en\" or \"pt-BR\"");
}

TEST(ProgramSection, LastUpdatedMayBeATomlDateOrTheSeedsOwnWords) {
  auto with = [](const std::string& value) {
    return load_lines({"[program]", "slug = \"demo\"", "name = \"Demo\"", "last_updated = " + value,
                       "[form]", "[[form.fields]]", "field = \"title\""});
  };
  EXPECT_EQ(expect_policy(with("2023-12-22")).identity.last_updated, "2023-12-22");
  EXPECT_EQ(expect_policy(with("\"22 december 2023\"")).identity.last_updated, "22 december 2023");
  expect_error(with("20231222"), 4, 16, "program.last_updated: expected a string, got an integer");
}

// --- [contacts] and [intake] --------------------------------------------------------------

TEST(ContactsSection, EmailWithASpaceIsRefused) {
  // The PySpector seed's own slip: "pyspector@protonmail. com".
  expect_error(load_with({"[contacts]", "questions_email = \"pyspector@protonmail. com\""}), 8, 19,
               "contacts.questions_email: \"pyspector@protonmail. com\" is not an email address: "
               "expected one '@', a domain with a dot, and no spaces");
}

TEST(ContactsSection, EmailNeedsExactlyOneAtAndADomain) {
  for (std::string bad :
       {"security", "a@@b.example", "a@b@c.example", "@b.example", "a@localhost", "a@.example"}) {
    const auto load = load_with({"[contacts]", "email = \"" + bad + "\""});
    ASSERT_EQ(load.errors.size(), 1u) << bad;
    EXPECT_EQ(load.errors[0].line, 8);
  }
  EXPECT_EQ(expect_policy(load_with({"[contacts]", "email = \"sec@acme.example\""})).contacts.email,
            "sec@acme.example");
}

TEST(IntakeSection, AtLeastOneChannelIsOpen) {
  expect_error(load_with({"[intake]", "web_form = false", "api = false"}), 7, 1,
               "[intake] accepts no reports: set web_form, api or email to true");
}

TEST(IntakeSection, EmailIntakeNeedsAnAddressOrANote) {
  expect_error(
      load_with({"[intake]", "email = true"}), 8, 9,
      "intake.email: reports by email need [contacts] email (or a note saying where to write)");
  expect_policy(load_with(
      {"[contacts]", "note = \"Write to the lead maintainer.\"", "[intake]", "email = true"}));
}

TEST(IntakeSection, EncryptedEmailNeedsAKeyAndEmail) {
  expect_error(load_with({"[contacts]", "email = \"s@a.example\"", "[intake]", "email = true",
                          "encrypted_email_preferred = true"}),
               11, 29,
               "intake.encrypted_email_preferred: encrypted email needs [contacts] pgp_key_file or "
               "pgp_key_url");
  expect_error(load_with({"[contacts]", "pgp_key_file = \"k.asc\"", "[intake]",
                          "encrypted_email_preferred = true"}),
               10, 29,
               "intake.encrypted_email_preferred: encrypted email is preferred but email is off");
}

TEST(ContactsSection, KeyUrlMustBeAWebAddress) {
  expect_error(
      load_with({"[contacts]", "pgp_key_url = \"ftp://k.example/key\""}), 8, 15,
      "contacts.pgp_key_url: expected an http:// or https:// URL, got \"ftp://k.example/key\"");
}

// --- [calendar] ---------------------------------------------------------------------------

TEST(CalendarSection, TimeZoneMustBeKnown) {
  expect_error(
      load_with({"[calendar]", "time_zone = \"Europe/Atlantis\""}), 8, 13,
      "calendar.time_zone: unknown time zone \"Europe/Atlantis\": expected an IANA name like "
      "\"Europe/Berlin\" or \"UTC\"");
  EXPECT_EQ(expect_policy(load_with({"[calendar]", "time_zone = \"America/New_York\""}))
                .calendar.time_zone,
            "America/New_York");
}

TEST(CalendarSection, WeekendIsDayNamesInAnyCase) {
  const Policy p = expect_policy(load_with({"[calendar]", "weekend = [\"Sunday\", \"monday\"]"}));
  EXPECT_EQ(p.calendar.weekend, (std::vector<int>{0, 1}));
  EXPECT_TRUE(expect_policy(load_with({"[calendar]", "weekend = []"})).calendar.weekend.empty());
}

TEST(CalendarSection, WeekendCannotCoverTheWholeWeek) {
  expect_error(load_with({"[calendar]",
                          "weekend = [\"monday\", \"tuesday\", \"wednesday\", \"thursday\", "
                          "\"friday\", \"saturday\", \"sunday\"]"}),
               8, 11,
               "calendar.weekend: every day of the week is a weekend day: no business day is left");
}

TEST(CalendarSection, WeekendDayMustBeADayAndListedOnce) {
  expect_error(
      load_with({"[calendar]", "weekend = [\"saturdy\"]"}), 8, 12,
      "calendar.weekend: \"saturdy\" is not a day of the week (did you mean \"saturday\"?)");
  expect_error(load_with({"[calendar]", "weekend = [\"sunday\", \"sunday\"]"}), 8, 22,
               "calendar.weekend: \"sunday\" is listed twice");
}

TEST(CalendarSection, HolidaysAreTomlDatesOrIsoStrings) {
  const Policy p =
      expect_policy(load_with({"[calendar]", "holidays = [2026-12-25, \"2026-01-01\"]"}));
  EXPECT_EQ(p.calendar.holidays, (std::vector<std::string>{"2026-12-25", "2026-01-01"}));
}

TEST(CalendarSection, BadHolidaysAreRefusedOneByOne) {
  const auto load = load_with(
      {"[calendar]", "holidays = [\"2026-02-30\", \"next friday\", 5, 2026-12-25, 2026-12-25]"});
  ASSERT_EQ(load.errors.size(), 4u) << dump(load);
  EXPECT_EQ(load.errors[0].column, 13);
  EXPECT_EQ(load.errors[0].message,
            "calendar.holidays[0]: expected a date like 2026-12-25, got \"2026-02-30\"");
  EXPECT_EQ(load.errors[1].column, 27);
  EXPECT_EQ(load.errors[1].message,
            "calendar.holidays[1]: expected a date like 2026-12-25, got \"next friday\"");
  EXPECT_EQ(load.errors[2].column, 42);
  EXPECT_EQ(load.errors[2].message,
            "calendar.holidays[2]: expected a date like 2026-12-25, got an integer");
  EXPECT_EQ(load.errors[3].column, 57);
  EXPECT_EQ(load.errors[3].message, "calendar.holidays[4]: 2026-12-25 is listed twice");
}

// --- [sla] and [disclosure] ---------------------------------------------------------------

TEST(SlaSection, ReadsEveryPromise) {
  const Policy p = expect_policy(load_with(
      {"[sla]", "acknowledge = \"48h\"", "triage = \"7 business days\"", "status_update = \"7d\"",
       "[sla.resolution]", "critical = \"7d\"", "low = \"2 weeks\""}));
  EXPECT_EQ(p.sla.acknowledge, (Duration{48, Duration::Unit::hours}));
  EXPECT_EQ(p.sla.triage, (Duration{7, Duration::Unit::business_days}));
  EXPECT_EQ(p.sla.status_update, (Duration{7, Duration::Unit::days}));
  EXPECT_EQ(p.sla.resolution.size(), 2u);
  EXPECT_EQ(p.sla.resolution.at(Severity::low), (Duration{14, Duration::Unit::days}));
}

TEST(SlaSection, NegativeDuration) {
  expect_error(load_with({"[sla]", "acknowledge = \"-1h\""}), 8, 15,
               "sla.acknowledge: negative duration \"-1h\"");
}

TEST(SlaSection, ZeroDurationPromisesNothing) {
  expect_error(load_with({"[sla]", "acknowledge = \"0h\""}), 8, 15,
               "sla.acknowledge: must be longer than zero");
  expect_error(load_with({"[sla.resolution]", "low = \"0d\""}), 8, 7,
               "sla.resolution.low: must be longer than zero");
}

TEST(SlaSection, BadDurationTextSaysWhatIsWrong) {
  expect_error(
      load_with({"[sla]", "triage = \"48 hrs\""}), 8, 10,
      "sla.triage: unknown unit \"hrs\" in \"48 hrs\": use h, hours, d, days, w, weeks, bd or "
      "business days");
}

TEST(SlaSection, TriageCannotComeBeforeAcknowledgement) {
  expect_error(load_with({"[sla]", "acknowledge = \"48h\"", "triage = \"1d\""}), 9, 10,
               "sla.triage: (1d) is shorter than sla.acknowledge (48h): a report cannot be triaged "
               "before it is acknowledged");
  // 2 business days last at least 46 hours and can stretch over a weekend: possible.
  expect_policy(load_with({"[sla]", "acknowledge = \"48h\"", "triage = \"2 business days\""}));
  // 6 business days span 8 calendar days or more across a Saturday and Sunday: not before 7d.
  expect_policy(load_with({"[sla]", "acknowledge = \"7d\"", "triage = \"6 business days\""}));
}

TEST(SlaSection, StatusUpdatesCannotBeMoreFrequentThanTheAcknowledgement) {
  expect_error(
      load_with({"[sla]", "acknowledge = \"7d\"", "status_update = \"48h\""}), 9, 17,
      "sla.status_update: (48h) is shorter than sla.acknowledge (7d): the reporter already "
      "waits that long for the acknowledgement");
}

TEST(SlaSection, ResolutionCannotComeBeforeTriage) {
  expect_error(load_with({"[sla]", "triage = \"7d\"", "[sla.resolution]", "critical = \"3d\""}), 10,
               12,
               "sla.resolution.critical: (3d) is shorter than sla.triage (7d): a report cannot be "
               "fixed before it is triaged");
  // Without a triage time, the acknowledgement is the step a fix must follow.
  expect_error(
      load_with({"[sla]", "acknowledge = \"72h\"", "[sla.resolution]", "high = \"2d\""}), 10, 8,
      "sla.resolution.high: (2d) is shorter than sla.acknowledge (72h): a report cannot be "
      "fixed before it is triaged");
}

TEST(SlaSection, MoreSevereReportsCannotWaitLonger) {
  expect_error(
      load_with({"[sla.resolution]", "low = \"30d\"", "critical = \"90d\""}), 9, 12,
      "sla.resolution.critical: (90d) is longer than sla.resolution.low (30d): a more severe "
      "report must not wait longer for its fix");
}

TEST(SlaSection, StatusUpdateCadenceLongerThanEveryFixTimeIsRefused) {
  expect_error(
      load_with({"[sla]", "status_update = \"60d\"", "[sla.resolution]", "low = \"30d\"",
                 "high = \"7d\""}),
      8, 17,
      "sla.status_update: (60d) is longer than every resolution time (the longest is 30d): "
      "the reporter would hear nothing before the fix is due");
}

TEST(DisclosureSection, EmbargoCountedFromTheReportMustOutlastEveryPromise) {
  expect_error(
      load_with({"[sla.resolution]", "low = \"90d\"", "[disclosure]", "embargo = \"30d\""}), 10, 11,
      "disclosure.embargo: (30d) ends before sla.resolution.low (90d): the report would be "
      "public before that step is due");
  // Counted from the fix, the same embargo is fine.
  expect_policy(load_with({"[sla.resolution]", "low = \"90d\"", "[disclosure]", "embargo = \"30d\"",
                           "starts = \"fix\""}));
}

TEST(DisclosureSection, ZeroEmbargoOnlyAfterTheFix) {
  expect_error(load_with({"[disclosure]", "embargo = \"0d\""}), 8, 11,
               "disclosure.embargo: must be longer than zero when counted from the report (starts "
               "= \"report\")");
  const Policy p =
      expect_policy(load_with({"[disclosure]", "embargo = \"0d\"", "starts = \"fix\""}));
  EXPECT_EQ(p.disclosure.embargo, (Duration{0, Duration::Unit::days}));
  EXPECT_EQ(p.disclosure.starts, Disclosure::Start::fix);
}

// --- [targets]: the team's own times ------------------------------------------------------

TEST(TargetsSection, ReadsTheTeamsOwnTimesApartFromThePromises) {
  const Policy p = expect_policy(load_with({"[sla]", "acknowledge = \"48h\"", "[targets]",
                                            "status_update = \"14d\"", "disclosure = \"90d\""}));
  EXPECT_EQ(p.sla.acknowledge, (Duration{48, Duration::Unit::hours}));
  EXPECT_FALSE(p.sla.status_update.has_value());
  EXPECT_FALSE(p.disclosure.embargo.has_value());
  EXPECT_EQ(p.targets.times.status_update, (Duration{14, Duration::Unit::days}));
  EXPECT_EQ(p.targets.disclosure, (Duration{90, Duration::Unit::days}));
  const MeasuredTimes m = measured_times(p);
  EXPECT_TRUE(m.acknowledge_promised);
  EXPECT_FALSE(m.status_update_promised);
  EXPECT_FALSE(m.disclosure_promised);
  EXPECT_EQ(m.times.status_update, (Duration{14, Duration::Unit::days}));
  EXPECT_EQ(m.disclosure, (Duration{90, Duration::Unit::days}));
}

TEST(TargetsSection, AStepIsPromisedOrTargetedNotBoth) {
  expect_error(load_with({"[sla]", "acknowledge = \"48h\"", "[targets]", "acknowledge = \"24h\""}),
               10, 15,
               "targets.acknowledge: this step already has a time in sla.acknowledge (48h); a step "
               "is either promised in [sla] or an internal target in [targets], not both");
  expect_error(
      load_with({"[targets]", "disclosure = \"90d\"", "[disclosure]", "embargo = \"60d\""}), 8, 14,
      "targets.disclosure: disclosure.embargo already promises (60d); a step is either "
      "promised or an internal target, not both");
}

// The order rules hold across the two tables: a target cannot come before a promise it follows.
TEST(TargetsSection, TheOrderRulesSpanPromisesAndTargets) {
  expect_error(load_with({"[sla]", "acknowledge = \"48h\"", "[targets]", "triage = \"1d\""}), 10,
               10,
               "targets.triage: (1d) is shorter than sla.acknowledge (48h): a report cannot be "
               "triaged before it is acknowledged");
  expect_error(
      load_with({"[sla.resolution]", "low = \"90d\"", "[targets]", "disclosure = \"30d\""}), 10, 14,
      "targets.disclosure: (30d) ends before sla.resolution.low (90d): the report would "
      "be public before that step is due");
}

TEST(SlaSection, TriageMayCountFromTheAcknowledgement) {
  const Policy p = expect_policy(load_with({"[sla]", "acknowledge = \"48h\"", "triage = \"24h\"",
                                            "triage_starts = \"acknowledgement\""}));
  EXPECT_EQ(p.sla.triage_starts, Sla::TriageStart::acknowledgement);
  expect_error(load_with({"[sla]", "triage_starts = \"acknowledgement\""}), 8, 17,
               "sla.triage_starts: needs a triage time in the same table");
}

TEST(SlaSection, AStatusUpdateMayBePromisedOnce) {
  const Policy p = expect_policy(
      load_with({"[sla]", "status_update = \"7d\"", "status_update_repeats = false"}));
  EXPECT_FALSE(p.sla.status_update_repeats);
  expect_error(load_with({"[sla]", "status_update_repeats = false"}), 8, 25,
               "sla.status_update_repeats: needs a status_update time in the same table");
}

TEST(DisclosureSection, ChannelsAreKnownAndListedOnce) {
  expect_error(
      load_with({"[disclosure]", "advisory_channels = [\"ghsa\", \"gsha\"]"}), 8, 30,
      "disclosure.advisory_channels: unknown channel \"gsha\", expected ghsa, osv, cve, csaf, "
      "release_notes, website or mailing_list (did you mean \"ghsa\"?)");
  expect_error(load_with({"[disclosure]", "advisory_channels = [\"cve\", \"cve\"]"}), 8, 29,
               "disclosure.advisory_channels: \"cve\" is listed twice");
}

TEST(DisclosureSection, StartsIsReportOrFix) {
  expect_error(load_with({"[disclosure]", "starts = \"release\""}), 8, 10,
               R"(disclosure.starts: expected one of "report", "fix", got "release")");
}

// --- [scope], [versions] ------------------------------------------------------------------

TEST(VersionsSection, RangesAreRequiredAndListedOnce) {
  expect_error(load_with({"[[versions.supported]]", "note = \"x\""}), 7, 1,
               "missing required key 'range' in [[versions.supported]]");
  expect_error(load_with({"[[versions.supported]]", "range = \"1.x\"", "[[versions.supported]]",
                          "range = \"1.x\""}),
               10, 9, "versions.supported[1].range: \"1.x\" is listed twice");
}

TEST(VersionsSection, PrereleaseRuleIsOneOfFour) {
  expect_error(
      load_with({"[versions]", "prerelease = \"maybe\""}), 8, 14,
      R"(versions.prerelease: expected one of "unstated", "supported", "best_effort", "unsupported", got "maybe")");
}

// --- [form] -------------------------------------------------------------------------------

TEST(FormSection, MissingFormIsReported) {
  expect_error(load_lines({"[program]", "slug = \"demo\"", "name = \"Demo\""}), 1, 1,
               "missing required table [form]");
}

TEST(FormSection, FormMustAskForSomething) {
  expect_error(load_lines({"[program]", "slug = \"demo\"", "name = \"Demo\"", "[form]",
                           "anonymous_allowed = true"}),
               4, 1, "missing required key 'fields' in [form]");
  expect_error(
      load_lines({"[program]", "slug = \"demo\"", "name = \"Demo\"", "[form]", "fields = []"}), 5,
      10, "form.fields: the form must ask for at least one field");
}

TEST(FormSection, UnknownFieldNameIsRefused) {
  expect_error(
      load_with({"[[form.fields]]", "field = \"severty\""}), 8, 9,
      "form.fields[1].field: unknown report field \"severty\" (did you mean \"severity\"?)");
  expect_error(load_with({"[[form.fields]]", "field = \"poc\""}), 8, 9,
               "form.fields[1].field: unknown report field \"poc\", expected one of reporter_name, "
               "reporter_email, title, vulnerability_type, affected_versions, affected_component, "
               "severity, cvss_vector, cwe, description, impact, steps_to_reproduce, requirements, "
               "suggested_fix");
}

TEST(FormSection, FieldMissingItsName) {
  expect_error(load_with({"[[form.fields]]", "required = true"}), 7, 1,
               "missing required key 'field' in [[form.fields]]");
}

TEST(FormSection, DuplicateFieldNamesTheFirst) {
  expect_error(load_with({"[[form.fields]]", "field = \"description\""}), 8, 9,
               "form.fields[1].field: \"description\" is already on the form (line 6)");
}

TEST(FormSection, FieldsKeepTheirOrderLabelsAndHelp) {
  const Policy p =
      expect_policy(load_with({"required = true", "label = \"What happened\"",
                               "help = \"Details.\"", "[[form.fields]]", "field = \"severity\""}));
  ASSERT_EQ(p.form.fields.size(), 2u);
  EXPECT_TRUE(p.form.fields[0].required);
  EXPECT_EQ(p.form.fields[0].label, "What happened");
  EXPECT_EQ(p.form.fields[0].help, "Details.");
  EXPECT_EQ(p.form.fields[1].field, ReportField::severity);
  EXPECT_NE(p.form.find(ReportField::severity), nullptr);
  EXPECT_EQ(p.form.find(ReportField::title), nullptr);
}

TEST(AttachmentsSection, AllowedNeedsExtensions) {
  expect_error(load_with({"[form.attachments]", "allowed = true"}), 8, 11,
               "form.attachments.allowed: attachments are allowed but no extensions are listed");
}

// A program that names no size gets none on its pages; the server's own limit still applies.
TEST(AttachmentsSection, SizeIsTheProgramsOnlyWhenItNamesOne) {
  const Policy p =
      expect_policy(load_with({"[form.attachments]", "allowed = true", "extensions = [\".txt\"]"}));
  EXPECT_EQ(p.form.attachments.max_bytes, 0u);
}

TEST(AttachmentsSection, ReadsTypesSizeAndCount) {
  const Policy p = expect_policy(load_with(
      {"[form.attachments]", "allowed = true", "extensions = [\".txt\"]", "max_size = \"10 MB\""}));
  EXPECT_EQ(p.form.attachments.extensions, std::vector<std::string>{".txt"});
  EXPECT_EQ(p.form.attachments.max_bytes, 10'000'000u);
  EXPECT_EQ(p.form.attachments.max_files, 1);  // the documented default
}

TEST(AttachmentsSection, EmptyExtensionList) {
  expect_error(
      load_with({"[form.attachments]", "allowed = true", "extensions = []", "max_size = \"1 MB\""}),
      9, 14, "form.attachments.extensions: must list at least one extension");
}

TEST(AttachmentsSection, ExtensionsLookLikeDotTxt) {
  const auto load = load_with({"[form.attachments]", "allowed = true",
                               "extensions = [\"txt\", \".TXT\", \".t t\", \".txt\", \".txt\"]",
                               "max_size = \"1 MB\""});
  ASSERT_EQ(load.errors.size(), 4u) << dump(load);
  const std::string tail =
      "\" is not an extension like \".txt\" (a dot, then lower-case letters and digits)";
  EXPECT_EQ(load.errors[0].column, 15);
  EXPECT_EQ(load.errors[0].message, "form.attachments.extensions: \"txt" + tail);
  EXPECT_EQ(load.errors[1].message, "form.attachments.extensions: \".TXT" + tail);
  EXPECT_EQ(load.errors[2].message, "form.attachments.extensions: \".t t" + tail);
  EXPECT_EQ(load.errors[3].column, 46);
  EXPECT_EQ(load.errors[3].message, "form.attachments.extensions: \".txt\" is listed twice");
}

TEST(AttachmentsSection, SizeMustBeAboveZeroAndAtMost100MB) {
  auto with = [](const std::string& size) {
    return load_with(
        {"[form.attachments]", "allowed = true", "extensions = [\".txt\"]", "max_size = " + size});
  };
  expect_error(with("\"0 MB\""), 10, 12, "form.attachments.max_size: must be larger than zero");
  expect_error(with("\"101 MB\""), 10, 12,
               "form.attachments.max_size: \"101 MB\" is more than the limit of 100 MB");
  expect_error(
      with("10"), 10, 12,
      "form.attachments.max_size: expected a size like \"10 MB\" or \"512 KiB\", got an integer");
  expect_error(with("\"10 megs\""), 10, 12,
               "form.attachments.max_size: unknown unit \"megs\" in \"10 megs\": use bytes, kB, "
               "MB, GB, KiB, MiB or GiB");
  // 100 MB = 100,000,000 bytes is the largest allowed.
  EXPECT_EQ(expect_policy(with("\"100 MB\"")).form.attachments.max_bytes, 100'000'000u);
}

TEST(AttachmentsSection, FileCountBetweenOneAndTwenty) {
  auto with = [](const std::string& files) {
    return load_with({"[form.attachments]", "allowed = true", "extensions = [\".txt\"]",
                      "max_size = \"1 MB\"", "max_files = " + files});
  };
  expect_error(with("0"), 11, 13, "form.attachments.max_files: expected 1 to 20, got 0");
  expect_error(with("9223372036854775807"), 11, 13,
               "form.attachments.max_files: expected 1 to 20, got 9223372036854775807");
  EXPECT_EQ(expect_policy(with("20")).form.attachments.max_files, 20);
}

TEST(AttachmentsSection, LimitsWithoutPermissionAreContradictory) {
  expect_error(load_with({"[form.attachments]", "allowed = false", "extensions = [\".txt\"]"}), 9,
               14, "form.attachments.extensions: attachments are not allowed (allowed = false)");
  const Policy p =
      expect_policy(load_with({"[form.attachments]", "note = \"Paste everything in the body.\""}));
  EXPECT_FALSE(p.form.attachments.allowed);
  EXPECT_EQ(p.form.attachments.note, "Paste everything in the body.");
}

TEST(AttachmentSize, ParsesSiAndIecUnits) {
  std::string error;
  EXPECT_EQ(parse_byte_size("10 MB", &error), 10'000'000u);
  EXPECT_EQ(parse_byte_size("512 KiB", &error), 524'288u);  // 512 * 1024
  EXPECT_EQ(parse_byte_size("2MiB", &error), 2'097'152u);   // 2 * 1024 * 1024
  EXPECT_EQ(parse_byte_size(" 1 gb ", &error), 1'000'000'000u);
  EXPECT_EQ(parse_byte_size("300 bytes", &error), 300u);
  EXPECT_EQ(parse_byte_size("1 kB", &error), 1000u);
}

TEST(AttachmentSize, RefusesWhatIsNotASize) {
  std::string error;
  EXPECT_FALSE(parse_byte_size("", &error));
  EXPECT_EQ(error, "expected a size like \"10 MB\" or \"512 KiB\", got an empty string");
  EXPECT_FALSE(parse_byte_size("10", &error));
  EXPECT_EQ(error, "\"10\" has no unit: write it like \"10 MB\"");
  EXPECT_FALSE(parse_byte_size("-1 MB", &error));
  EXPECT_EQ(error, "negative size \"-1 MB\"");
  EXPECT_FALSE(parse_byte_size("1.5 MB", &error));
  EXPECT_EQ(error, "\"1.5 MB\": the amount must be a whole number");
  EXPECT_FALSE(parse_byte_size("big", &error));
  EXPECT_EQ(error, "expected a size like \"10 MB\" or \"512 KiB\", got \"big\"");
  EXPECT_FALSE(parse_byte_size("99999999999999999999 GiB", &error));
  EXPECT_EQ(error, "\"99999999999999999999 GiB\" is too large");
}

// --- [rewards] and [credit] ---------------------------------------------------------------

TEST(RewardsSection, ReadsATable) {
  const Policy p =
      expect_policy(load_with({"[rewards]", "kind = \"table\"", "currency = \"USD\"",
                               "[rewards.table.critical]", "min = 500", "max = 1000"}));
  EXPECT_EQ(p.rewards.table.at(Severity::critical).min, 500);
  EXPECT_EQ(p.rewards.table.at(Severity::critical).max, 1000);
}

TEST(RewardsSection, MinAboveMaxIsRefused) {
  expect_error(load_with({"[rewards]", "kind = \"table\"", "currency = \"USD\"",
                          "[rewards.table.high]", "min = 500", "max = 100"}),
               11, 7, "rewards.table.high.min: 500 is more than max (100)");
}

TEST(RewardsSection, NegativeAmountsAreRefused) {
  expect_error(load_with({"[rewards]", "kind = \"table\"", "currency = \"USD\"",
                          "[rewards.table.high]", "min = -9223372036854775808", "max = 100"}),
               11, 7, "rewards.table.high.min: must not be negative");
}

TEST(RewardsSection, TableKindNeedsATableAndACurrency) {
  const auto load = load_with({"[rewards]", "kind = \"table\""});
  ASSERT_EQ(load.errors.size(), 2u) << dump(load);
  EXPECT_EQ(load.errors[0].line, 7);
  EXPECT_EQ(load.errors[0].message, "missing required key 'currency' in [rewards]");
  EXPECT_EQ(load.errors[1].line, 8);
  EXPECT_EQ(load.errors[1].column, 8);
  EXPECT_EQ(load.errors[1].message,
            "rewards.kind: kind = \"table\" needs [rewards.table.<severity>] entries");
  expect_error(load_with({"[rewards]", "kind = \"table\"", "currency = \"USD\"", "table = {}"}), 10,
               9, "rewards.table: kind = \"table\" needs at least one severity with min and max");
}

TEST(RewardsSection, TableWithoutTableKindIsContradictory) {
  expect_error(load_with({"[rewards]", "kind = \"case_by_case\"", "[rewards.table.high]", "min = 1",
                          "max = 2"}),
               9, 1, "rewards.table: a reward table is given but kind is not \"table\"");
}

TEST(RewardsSection, UnknownSeverityAndKindAndCurrency) {
  expect_error(
      load_with({"[rewards]", "kind = \"table\"", "currency = \"USD\"", "[rewards.table.low]",
                 "min = 0", "max = 1", "[rewards.table.hihg]", "min = 1", "max = 2"}),
      13, 16, "unknown key 'hihg' in [rewards.table] (did you mean 'high'?)");
  expect_error(
      load_with({"[rewards]", "kind = \"bounty\""}), 8, 8,
      R"(rewards.kind: expected one of "unstated", "none", "case_by_case", "table", got "bounty")");
  expect_error(load_with({"[rewards]", "currency = \"euro\""}), 8, 12,
               "rewards.currency: expected a currency code like \"EUR\" or \"USD\", got \"euro\"");
}

TEST(CreditSection, DefaultIsPublicAskOrPrivate) {
  expect_error(load_with({"[credit]", "default = \"anonymous\""}), 8, 11,
               R"(credit.default: expected one of "public", "ask", "private", got "anonymous")");
  EXPECT_EQ(expect_policy(load_with({"[credit]", "default = \"public\""})).credit.by_default,
            Credit::Default::public_credit);
}

TEST(CreditSection, PlacesAndPrivateCasesAreKnown) {
  expect_error(load_with({"[credit]", "where = [\"hall_of_fam\"]"}), 8, 10,
               "credit.where: unknown place \"hall_of_fam\", expected advisory, release_notes or "
               "hall_of_fame (did you mean \"hall_of_fame\"?)");
  expect_error(
      load_with({"[credit]", "private_for = [\"spam\"]"}), 8, 16,
      "credit.private_for: unknown case \"spam\", expected \"duplicate\" or \"low_impact\"");
  const Policy p =
      expect_policy(load_with({"[credit]", "private_for = [\"duplicate\", \"low_impact\"]"}));
  EXPECT_TRUE(p.credit.private_for_duplicates);
  EXPECT_TRUE(p.credit.private_for_low_impact);
}

// --- Hostile input ------------------------------------------------------------------------

TEST(HostileInput, RandomBytesNeverCrash) {
  std::mt19937 random(20260101);  // fixed seed: the same inputs on every run
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 500; ++i) {
    std::string text(static_cast<std::size_t>(byte(random)) * 4, '\0');
    for (char& c : text) c = static_cast<char>(byte(random));
    const auto load = load_policy(text, "random.toml");
    EXPECT_FALSE(load.policy.has_value());
    EXPECT_FALSE(load.errors.empty());
  }
}

TEST(HostileInput, MutatedPoliciesNeverCrash) {
  const std::string policy =
      join(kBase) + "[sla]\nacknowledge = \"48h\"\n[calendar]\nholidays = [2026-12-25]\n";
  const std::string alphabet = "[]{}=\".,'#\n 0123456789abcdehlsz-+:_TZ";
  std::mt19937 random(7);
  for (int i = 0; i < 2000; ++i) {
    std::string text = policy;
    for (int edits = 0; edits < 3; ++edits) {
      const std::size_t at = random() % text.size();
      text[at] = alphabet[random() % alphabet.size()];
    }
    const auto load = load_policy(text, "mutated.toml");
    EXPECT_NE(load.policy.has_value(), !load.errors.empty());
  }
}

TEST(HostileInput, DeeplyDottedKeysAreRefusedBeforeParsing) {
  std::string text;
  for (int i = 0; i < 200000; ++i) text += "a.";
  text += "b = 1\n";
  expect_error(load_policy(text, "p.toml"), 1, 1,
               "too many dotted key parts on one line (more than 64)");
}

TEST(HostileInput, DeepArraysAndInlineTablesGiveErrors) {
  const auto arrays = load_policy("x = " + std::string(100000, '['), "p.toml");
  ASSERT_EQ(arrays.errors.size(), 1u);
  EXPECT_EQ(arrays.errors[0].line, 1);
  std::string tables = "x = ";
  for (int i = 0; i < 1000; ++i) tables += "{a = ";
  const auto inline_tables = load_policy(tables, "p.toml");
  ASSERT_EQ(inline_tables.errors.size(), 1u);
  EXPECT_EQ(inline_tables.errors[0].line, 1);
}

TEST(HostileInput, DotsInsideStringsAndCommentsAreNotKeyParts) {
  std::string dots;
  for (int i = 0; i < 100; ++i) dots += ".";
  expect_policy(load_with({"# " + dots, "[texts]", "intro = \"" + dots + "\"",
                           "closing = '" + dots + "'", "rules = [\"\"\"", dots, "\"\"\"]"}));
}

TEST(HostileInput, HugeNumbersAndFilesGiveErrors) {
  expect_error(load_with({"[form.attachments]", "max_files = 99999999999999999999"}), 8, 33,
               "invalid TOML: Error while parsing decimal integer: '99999999999999999999' is not "
               "representable in 64 bits");
  const std::string big(1024 * 1024 + 1, '#');
  expect_error(load_policy(big, "p.toml"), 0, 0,
               "a policy file must be at most 1 MiB, this one has 1048577 bytes");
}

}  // namespace
}  // namespace embargo
