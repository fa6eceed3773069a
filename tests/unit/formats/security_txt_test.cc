#include "formats/security_txt.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "example_policy.h"
#include "security_txt_lint.h"
#include "test_values.h"

namespace embargo {
namespace {

using formats::instance_security_txt;
using formats::program_security_txt;
using testing::lint_security_txt;

using testing::kPublicUrl;

// 2026-11-23T14:05:00Z, a Monday afternoon.
const Time kNow = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23} +
                  std::chrono::hours{14} + std::chrono::minutes{5};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << path;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string rfc_example(const std::string& name) {
  return read_file(std::string(EMBARGO_SOURCE_DIR) + "/tests/data/securitytxt/" + name);
}

using testing::example_policy;

std::vector<std::string> strings(std::initializer_list<const char*> items) {
  return {items.begin(), items.end()};
}

// --- The checker, against the RFC's own examples and files broken one rule at a time. ---

TEST(SecurityTxtLint, TheRfcUnsignedExampleIsValidButExpired) {
  auto lint = lint_security_txt(rfc_example("rfc9116-2.6-unsigned.txt"), kNow);
  EXPECT_TRUE(lint.errors.empty()) << lint.describe();
  EXPECT_TRUE(lint.has_warning("expired")) << lint.describe();
  EXPECT_EQ(lint.values("contact"), strings({"mailto:security@example.com"}));
  EXPECT_EQ(lint.values("Encryption"), strings({"https://example.com/pgp-key.txt"}));
  EXPECT_EQ(lint.values("Policy"), strings({"https://example.com/security-policy.html"}));
  EXPECT_EQ(lint.values("Acknowledgments"), strings({"https://example.com/hall-of-fame.html"}));
  EXPECT_EQ(lint.values("Expires"), strings({"2021-12-31T18:37:07z"}));
}

TEST(SecurityTxtLint, TheRfcSignedExampleIsValidButExpiredAndItsSignatureAPlaceholder) {
  const std::string text = rfc_example("rfc9116-2.7-signed.txt");
  auto lint = lint_security_txt(text, kNow, "https://example.com/.well-known/security.txt");
  EXPECT_TRUE(lint.errors.empty()) << lint.describe();
  EXPECT_TRUE(lint.has_warning("expired"));
  EXPECT_TRUE(lint.has_warning("bad_signature_data"));
  EXPECT_EQ(lint.values("Canonical"), strings({"https://example.com/.well-known/security.txt"}));
  EXPECT_EQ(lint.values("Contact"), strings({"mailto:security@example.com"}));
  // The armor headers are not fields of the file.
  EXPECT_TRUE(lint.values("Hash").empty());
  EXPECT_TRUE(lint.values("Version").empty());

  auto elsewhere =
      lint_security_txt(text, kNow, "https://www.example.com/.well-known/security.txt");
  EXPECT_TRUE(elsewhere.has_error("no_canonical_match"));
}

TEST(SecurityTxtLint, BeforeItExpiresTheRfcExampleHasNoWarning) {
  const Time before = std::chrono::sys_days{std::chrono::year{2021} / 6 / 1};
  auto lint = lint_security_txt(rfc_example("rfc9116-2.6-unsigned.txt"), before);
  EXPECT_TRUE(lint.errors.empty()) << lint.describe();
  EXPECT_TRUE(lint.warnings.empty()) << lint.describe();
}

constexpr std::string_view kGoodExpires = "Expires: 2027-06-01T00:00:00Z\n";

struct BadFile {
  std::string name;
  std::string text;
  std::string code;
};

TEST(SecurityTxtLint, RefusesFilesThatBreakOneRule) {
  const std::string expires(kGoodExpires);
  const std::vector<BadFile> cases = {
      {"no Contact", "Policy: https://example.com/policy\n" + expires, "no_contact"},
      {"no Expires", "Contact: mailto:security@example.com\n", "no_expire"},
      {"two Expires",
       "Contact: mailto:security@example.com\n" + expires + "Expires: 2027-05-01T00:00:00Z\n",
       "multi_expire"},
      {"http Contact", "Contact: http://example.com/report\n" + expires, "http_uri"},
      {"http Policy",
       "Contact: mailto:security@example.com\nPolicy: http://example.com/p\n" + expires,
       "http_uri"},
      {"ftp Contact", "Contact: ftp://example.com/report\n" + expires, "bad_scheme"},
      {"Contact not a URI", "Contact: security@example.com\n" + expires, "bad_uri"},
      {"a key in Encryption",
       "Contact: mailto:security@example.com\nEncryption: -----BEGIN PGP PUBLIC KEY BLOCK-----\n" +
           expires,
       "bad_uri"},
      {"30 February", "Contact: mailto:security@example.com\nExpires: 2027-02-30T00:00:00Z\n",
       "bad_expires"},
      {"a space for T", "Contact: mailto:security@example.com\nExpires: 2027-02-03 00:00:00Z\n",
       "bad_expires"},
      {"no time zone", "Contact: mailto:security@example.com\nExpires: 2027-02-03T00:00:00\n",
       "bad_expires"},
      {"hour 24", "Contact: mailto:security@example.com\nExpires: 2027-02-03T24:00:00Z\n",
       "bad_expires"},
      {"a date in words", "Contact: mailto:security@example.com\nExpires: 1 June 2027\n",
       "bad_expires"},
      {"two Preferred-Languages",
       "Contact: mailto:security@example.com\n" + expires +
           "Preferred-Languages: en\npreferred-languages: fr\n",
       "multi_lang"},
      {"a bad language tag",
       "Contact: mailto:security@example.com\n" + expires + "Preferred-Languages: en, english!\n",
       "bad_lang"},
      {"no space after the colon", "Contact:mailto:security@example.com\n" + expires,
       "no_space_after_colon"},
      {"a line that is no field", "Contact: mailto:security@example.com\n" + expires + "hello\n",
       "bad_line"},
      {"a space in a field name",
       "Contact: mailto:security@example.com\n" + expires + "Bad Name: x\n", "bad_field_name"},
      {"a control character", "Contact: mailto:security@example.com\x01\n" + expires,
       "bad_characters"},
      {"not UTF-8", "# caf\xE9\nContact: mailto:security@example.com\n" + expires, "invalid_utf8"},
      {"no final line feed", "Contact: mailto:security@example.com\nExpires: 2027-06-01T00:00:00Z",
       "no_final_newline"},
      {"an unescaped dash in signed text",
       "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@example.com\n" +
           expires +
           "-- a dash\n-----BEGIN PGP SIGNATURE-----\n\nabc=\n-----END PGP SIGNATURE-----\n",
       "bad_dash_escape"},
      {"a signed file with no signature",
       "-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\nContact: mailto:a@example.com\n" +
           expires,
       "bad_signed"},
  };
  for (const auto& c : cases) {
    auto lint = lint_security_txt(c.text, kNow, "https://example.com/.well-known/security.txt");
    EXPECT_TRUE(lint.has_error(c.code)) << c.name << " should give " << c.code << ", gave:\n"
                                        << lint.describe();
  }
}

TEST(SecurityTxtLint, AcceptsWhatTheRfcAllows) {
  const std::string text =
      "# comment\r\n"
      "\r\n"
      "contact: mailto:security%2Buri%2Bencoded@example.com   \r\n"
      "Contact: tel:+1-201-555-0123\r\n"
      "Contact: https://example.com/security-contact.html\r\n"
      "Encryption: dns:5d2d37ab76d47d36._openpgpkey.example.com?type=OPENPGPKEY\r\n"
      "Encryption: openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f\r\n"
      "Expires: 2027-06-01T02:00:00.5+02:00\r\n"
      "Preferred-Languages: en, es,fr , pt-BR\r\n"
      "X-Unknown-Field: anything at all, even caf\xC3\xA9\r\n";
  auto lint = lint_security_txt(text, kNow);
  EXPECT_TRUE(lint.errors.empty()) << lint.describe();
  EXPECT_TRUE(lint.warnings.empty()) << lint.describe();
  EXPECT_EQ(lint.values("Contact").size(), 3u);
}

TEST(SecurityTxtLint, WarnsOfAnExpiryMoreThanAYearAhead) {
  auto lint =
      lint_security_txt("Contact: mailto:a@example.com\nExpires: 2027-11-24T14:05:00Z\n", kNow);
  EXPECT_TRUE(lint.errors.empty()) << lint.describe();
  EXPECT_TRUE(lint.has_warning("long_expiry"));
}

// --- The files Embargo renders. ---

struct ExpectedProgram {
  std::string slug;
  std::vector<std::string> contacts;  // from the policy's [intake] and [contacts], by hand
  std::vector<std::string> encryption;
};

const std::vector<ExpectedProgram>& expected_programs() {
  static const std::vector<ExpectedProgram> kPrograms = {
      // The seed's email first, with a PGP key at an https address; then Embargo's form.
      {"pyflashbackup",
       {"mailto:stas-chubar@yandex.ru", "https://security.example.org/p/pyflashbackup/report"},
       {"https://github.com/schubarkrsk/pgp-keys/blob/main/public.txt"}},
      // The form only; the protonmail address is for questions, not reports.
      {"pyspector", {"https://security.example.org/p/pyspector/report"}, {}},
      // Embargo's form is the channel.
      {"company", {"https://security.example.org/p/company/report"}, {}},
      // Email to a maintainer named in README.md, which only the policy page can say: the form
      // is the one address.
      {"pykour", {"https://security.example.org/p/pykour/report"}, {}},
      // "Email our security team", with no address given: the form, and no invented address.
      {"project", {"https://security.example.org/p/project/report"}, {}},
  };
  return kPrograms;
}

TEST(SecurityTxt, EveryExampleProgramsFilePassesTheChecker) {
  for (const auto& expected : expected_programs()) {
    SCOPED_TRACE(expected.slug);
    const std::string canonical =
        "https://security.example.org/p/" + expected.slug + "/security.txt";
    const std::string text = program_security_txt(example_policy(expected.slug), kPublicUrl, kNow);
    auto lint = lint_security_txt(text, kNow, canonical);
    EXPECT_TRUE(lint.errors.empty()) << lint.describe() << text;
    EXPECT_TRUE(lint.warnings.empty()) << lint.describe() << text;
    EXPECT_EQ(lint.values("Contact"), expected.contacts) << text;
    EXPECT_EQ(lint.values("Encryption"), expected.encryption) << text;
    EXPECT_EQ(lint.values("Canonical"), std::vector<std::string>{canonical});
    EXPECT_EQ(lint.values("Policy"),
              std::vector<std::string>{"https://security.example.org/p/" + expected.slug});
    // Every example says languages = ["en"].
    EXPECT_EQ(lint.values("Preferred-Languages"), strings({"en"}));
    // 2026-11-23 00:00 UTC plus 364 days.
    EXPECT_EQ(lint.values("Expires"), strings({"2027-11-22T00:00:00Z"}));
    // Only the company keeps a hall of fame (credit.where = ["hall_of_fame"]): its page is the
    // acknowledgements page. No policy names a job page or a CSAF provider.
    if (expected.slug == "company") {
      EXPECT_EQ(lint.values("Acknowledgments"),
                strings({"https://security.example.org/p/company/hall-of-fame"}));
    } else {
      EXPECT_TRUE(lint.values("Acknowledgments").empty());
    }
    EXPECT_TRUE(lint.values("Hiring").empty());
    EXPECT_TRUE(lint.values("CSAF").empty());
  }
}

TEST(SecurityTxt, TheWholePyFlashBackupFile) {
  EXPECT_EQ(program_security_txt(example_policy("pyflashbackup"), kPublicUrl, kNow),
            "# How to report a vulnerability in PyFlashBackup, from its disclosure policy.\n"
            "Contact: mailto:stas-chubar@yandex.ru\n"
            "Contact: https://security.example.org/p/pyflashbackup/report\n"
            "Encryption: https://github.com/schubarkrsk/pgp-keys/blob/main/public.txt\n"
            "Policy: https://security.example.org/p/pyflashbackup\n"
            "Expires: 2027-11-22T00:00:00Z\n"
            "Preferred-Languages: en\n"
            "Canonical: https://security.example.org/p/pyflashbackup/security.txt\n");
}

TEST(SecurityTxt, TheFileIsTheSameAllDayAndAlwaysUnderAYearAhead) {
  const Time midnight = std::chrono::sys_days{std::chrono::year{2026} / 11 / 23};
  const Time last_second = midnight + std::chrono::hours{24} - std::chrono::seconds{1};
  const Policy policy = example_policy("pyspector");
  EXPECT_EQ(program_security_txt(policy, kPublicUrl, midnight),
            program_security_txt(policy, kPublicUrl, last_second));
  auto next_day = lint_security_txt(
      program_security_txt(policy, kPublicUrl, last_second + std::chrono::seconds{1}), midnight);
  EXPECT_EQ(next_day.values("Expires"), strings({"2027-11-23T00:00:00Z"}));
  // Rendered at the first second of a day, the file expires 364 days later: under a year.
  auto lint = lint_security_txt(program_security_txt(policy, kPublicUrl, midnight), midnight);
  EXPECT_FALSE(lint.has_warning("long_expiry"));
  // And a year ahead of a leap day still is under a year.
  const Time leap = std::chrono::sys_days{std::chrono::year{2028} / 2 / 29};
  EXPECT_TRUE(
      lint_security_txt(program_security_txt(policy, kPublicUrl, leap), leap).warnings.empty());
}

// RFC 9116 2.5.3: Contact lines in order of preference. The address the policy names is the
// channel its maintainers wrote down; Embargo's form comes after it.
TEST(SecurityTxt, AProgramWithBothChannelsListsTheAddressFirstThenTheForm) {
  Policy policy = example_policy("pyflashbackup");
  auto lint = lint_security_txt(program_security_txt(policy, kPublicUrl, kNow), kNow);
  EXPECT_EQ(lint.values("Contact"),
            strings({"mailto:stas-chubar@yandex.ru",
                     "https://security.example.org/p/pyflashbackup/report"}));
  policy.intake.web_form = false;
  lint = lint_security_txt(program_security_txt(policy, kPublicUrl, kNow), kNow);
  EXPECT_EQ(lint.values("Contact"), strings({"mailto:stas-chubar@yandex.ru"}));
}

TEST(SecurityTxt, AnHttpKeyAddressIsLeftOutAndWarnedOf) {
  Policy policy = example_policy("pyflashbackup");
  policy.contacts.pgp_key_url = "http://keys.example.org/key.asc";
  const std::string text = program_security_txt(policy, kPublicUrl, kNow);
  EXPECT_EQ(text.find("http://keys"), std::string::npos) << text;
  auto warnings = formats::security_txt_warnings(policy, kPublicUrl);
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("http://keys.example.org/key.asc"), std::string::npos);
  EXPECT_TRUE(formats::security_txt_warnings(example_policy("pyflashbackup"), kPublicUrl).empty());
}

TEST(SecurityTxt, AnHttpPublicUrlRendersButIsWarnedOf) {
  const Policy policy = example_policy("pyspector");
  const std::string text = program_security_txt(policy, "http://127.0.0.1:8080", kNow);
  EXPECT_NE(text.find("Contact: http://127.0.0.1:8080/p/pyspector/report\n"), std::string::npos);
  auto warnings = formats::security_txt_warnings(policy, "http://127.0.0.1:8080");
  ASSERT_EQ(warnings.size(), 1u);
  EXPECT_NE(warnings[0].find("https"), std::string::npos);
}

TEST(SecurityTxt, PolicyTextCannotAddFieldsOrBreakTheSyntax) {
  Policy policy = example_policy("pyflashbackup");
  policy.identity.name =
      "Evil\nContact: https://attacker.example/\r\nExpires: 2099-01-01T00:00:00Z";
  policy.contacts.email = "sec+a?b=c#d@example.org";
  policy.contacts.pgp_key_url = "https://example.org/k\xC3\xA9y \"1\"{2}%zz.asc#a#b";
  const std::string text = program_security_txt(policy, kPublicUrl, kNow);
  auto lint =
      lint_security_txt(text, kNow, "https://security.example.org/p/pyflashbackup/security.txt");
  EXPECT_TRUE(lint.errors.empty()) << lint.describe() << text;
  EXPECT_EQ(lint.values("Contact"),
            strings({"mailto:sec+a%3Fb%3Dc%23d@example.org",
                     "https://security.example.org/p/pyflashbackup/report"}));
  EXPECT_EQ(lint.values("Expires"), strings({"2027-11-22T00:00:00Z"}));
  // Percent-encoding by hand: é is C3 A9, the blank 20, quotes 22, braces 7B 7D, a stray % 25,
  // the second # 23.
  EXPECT_EQ(lint.values("Encryption"),
            strings({"https://example.org/k%C3%A9y%20%221%22%7B2%7D%25zz.asc#a%23b"}));
}

TEST(SecurityTxt, TheInstanceFileOfOneProgramIsThatProgramsFileAtTheWellKnownAddress) {
  const Policy policy = example_policy("pyflashbackup");
  const std::string text = instance_security_txt({policy}, kPublicUrl, kNow);
  auto lint =
      lint_security_txt(text, kNow, "https://security.example.org/.well-known/security.txt");
  EXPECT_TRUE(lint.errors.empty()) << lint.describe();
  EXPECT_TRUE(lint.warnings.empty()) << lint.describe();
  std::string program = program_security_txt(policy, kPublicUrl, kNow);
  const std::string canonical = "https://security.example.org/p/pyflashbackup/security.txt";
  program.replace(program.find(canonical), canonical.size(),
                  "https://security.example.org/.well-known/security.txt");
  EXPECT_EQ(text, program);
}

TEST(SecurityTxt, TheInstanceFileOfSeveralProgramsListsEachProgramsContactsAndPolicy) {
  std::vector<Policy> policies;
  std::vector<std::string> contacts;
  std::vector<std::string> pages;
  for (const auto& expected : expected_programs()) {
    policies.push_back(example_policy(expected.slug));
    contacts.insert(contacts.end(), expected.contacts.begin(), expected.contacts.end());
    pages.push_back("https://security.example.org/p/" + expected.slug);
  }
  policies.front().identity.languages = {"en", "ru"};
  const std::string text = instance_security_txt(policies, kPublicUrl, kNow);
  auto lint =
      lint_security_txt(text, kNow, "https://security.example.org/.well-known/security.txt");
  EXPECT_TRUE(lint.errors.empty()) << lint.describe() << text;
  EXPECT_TRUE(lint.warnings.empty()) << lint.describe() << text;
  EXPECT_EQ(lint.values("Contact"), contacts);
  EXPECT_EQ(lint.values("Policy"), pages);
  EXPECT_EQ(lint.values("Encryption"),
            strings({"https://github.com/schubarkrsk/pgp-keys/blob/main/public.txt"}));
  EXPECT_EQ(lint.values("Preferred-Languages"), strings({"en, ru"}));
  EXPECT_EQ(lint.values("Canonical"),
            strings({"https://security.example.org/.well-known/security.txt"}));
  EXPECT_NE(text.find("\n# PySpector\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace embargo
