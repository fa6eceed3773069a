#include "formats/security_md.h"

#include <gtest/gtest.h>

#include "example_policy.h"
#include "test_values.h"

namespace embargo {
namespace {

using formats::markdown_text;
using formats::security_md;

using testing::kPublicUrl;

using testing::example_policy;

// Each text must appear in the SECURITY.md rendered from the policy. The texts are copied by
// hand from the seed files in ../shared/seeds/ (their Markdown emphasis removed), or derived by
// hand from the policy where the seed left a choice open.
void expect_all(const std::string& slug, const std::vector<std::string>& texts) {
  const std::string md = security_md(example_policy(slug), kPublicUrl);
  for (const auto& text : texts) {
    EXPECT_NE(md.find(text), std::string::npos) << slug << " lacks: " << text << "\n" << md;
  }
}

TEST(SecurityMd, PyFlashBackupSeed000) {
  expect_all(
      "pyflashbackup",
      {
          "# PyFlashBackup Security Policy\n",
          // Step 1 of the seed, with its exact link.
          "By email to [stas-chubar@yandex.ru](mailto:stas-chubar@yandex.ru).",
          "- A brief description of the vulnerability (required): Please send a detailed "
          "description of the vulnerability.\n",
          "- Steps to reproduce the vulnerability\n",
          "- The version of PyFlashBackup where the vulnerability is present\n",
          // Step 3: the key.
          "<https://github.com/schubarkrsk/pgp-keys/blob/main/public.txt>",
          "If possible, use our PGP key to encrypt your communication.",
          // Step 4: the promises.
          "- Our security team will acknowledge your report promptly.\n",
          "- We will work with you to understand and validate the issue.\n",
          "- Once the issue is confirmed, we will collaborate on a resolution timeline and keep "
          "you informed of our progress.\n",

          // Scope.
          "- The main PyFlashBackup repository.\n- Official releases of PyFlashBackup.\n",
          "If you discover a vulnerability in third-party packages used by PyFlashBackup, please "
          "report it directly to the maintainers of those packages.",
          // Safe harbor and bounty, word for word.
          "PyFlashBackup is committed to providing a safe harbor for those who act in good faith "
          "to identify and help us resolve security issues.",
          "At this time, PyFlashBackup does not have a formal bug bounty program. However, we are "
          "open to discussing appropriate rewards on a case-by-case basis for significant and "
          "impactful security vulnerabilities.",
          "Thank you for your contribution to the security of PyFlashBackup and our community.",
          "Last updated: 22 december 2023",
      });
}

TEST(SecurityMd, PySpectorSeed001) {
  expect_all(
      "pyspector",
      {
          "Through the report form: <https://security.example.org/p/pyspector/report>",
          "- All security issues must be reported privately through our official form.\n",
          // The form's nine items.
          "- Full Name (for credits) (required): You may remain anonymous by writing “N/A”.\n",
          "- Preferred Email Address (required): Used only for coordinated disclosure or "
          "clarification.\n",
          "- Severity (CVSS 4.0) (required): Choose between Low, Medium, High, Critical.\n",
          "You may attach one .txt file.",
          "Proof of Concept (PoC): upload a safe, minimal PoC (.txt file) written in Python, "
          "Bash/Shell, Rust, PowerShell, or Batchfile.",
          // "We aim to acknowledge within 48 hours and provide a status update within 7 days."
          "We aim to acknowledge within 48 hours and provide a status update within 7 days.",
          "We acknowledge reports within 48 hours.",
          "We send a status update within 7 days of receiving a report.",
          // Scope, both lists.
          "- Remote or local code execution within PySpector or its components (Python CLI, Rust "
          "backend).\n",
          "- Supply-chain or packaging flaws",
          "- Insecure default configurations that expose users to risks when used as documented.\n",
          "- Security issues in third-party dependencies unless exploitable through PySpector.\n",
          "- Findings in code analyzed by PySpector (i.e., the user’s code).\n",
          "- Attacks on PySpector’s infrastructure (e.g., GitHub Actions, website, form "
          "hosting).\n",
          // Disclosure & fix timeline, in order.
          "1. Private Triage — Report received, validated, and acknowledged.\n"
          "2. Coordination — Fix is developed in a private branch; the reporter may be invited to "
          "verify the patch.\n"
          "3. Release — A patched version is published on PyPI and GitHub.\n"
          "4. Advisory Publication — A GitHub Security Advisory (GHSA) is released with technical "
          "details and credit.\n"
          "5. Credit — Reporter is listed under acknowledgements unless anonymity was requested.\n",
          // Recognition & credit policy.
          "We do not currently offer monetary rewards.",
          "Valid reporters will be publicly credited in the advisory and release notes.",
          "Anonymous submissions (using “N/A”) will be processed equally and respected.",
          // "Duplicate or low-impact findings may receive private acknowledgement only."
          "Duplicate reports receive a private acknowledgement only.",
          "Low-impact reports receive a private acknowledgement only.",
          // Safe harbor.
          "We support good-faith security research. You will not face legal action if:\n\n"
          "- You report the vulnerability promptly via the official form.\n",
          "Violations involving data exfiltration, destructive testing, or public disclosure "
          "prior to coordination, void this protection.",
          // Contact (the seed's stray space in the address is fixed in the policy).
          "[pyspector@protonmail.com](mailto:pyspector@protonmail.com)",
          "All reports and communications will be handled confidentially.",
      });
}

TEST(SecurityMd, CompanySeed002) {
  expect_all(
      "company",
      {
          "We consider the security of our projects a top priority.",
          "- Type of vulnerability (required)\n",
          "- Service or URL or IPs affected (required)\n",
          "- Requirements to reproduce the issue (required)\n",
          "- Information necessary to reproduce the issue (required)\n",
          "- Impact of the vulnerability (required): Together with an explanation of how an "
          "attacker could find it and exploit it.\n",
          // Ethical rules.
          "- Do not place a backdoor in a system. By placing a backdoor in a system, that system "
          "becomes even more insecure.\n",
          "- Do not use aggressive automated scanning.\n",
          "- Do not use social engineering of our employees or contractors.\n",
          // What we promise, with business days.
          "- We will respond to your report within 7 business days with our evaluation of the "
          "report and an expected resolution date.\n",
          "We acknowledge and evaluate reports within 7 business days.",
          "Business days are Monday to Friday in the time zone Europe/Amsterdam, except these "
          "holidays: 1 January 2026, 6 April 2026, 27 April 2026, 14 May 2026, 25 May 2026, 25 "
          "December 2026 and 26 December 2026.",
          "- If you have followed the instructions above, we will not take any legal action "
          "against you concerning the report.\n",
          "Reporting under a pseudonym or anonymous is possible.",
          "- We will keep you informed of the progress towards resolving the problem.\n",
          "In mutual consultation, we can mention (if you desire) your name or acronym as the "
          "discoverer of the reported vulnerability on our hall of fame.",
          "Credit appears in the hall of fame.",
          "- The projects directly developed by us.\n",
      });
}

TEST(SecurityMd, PykourSeed003) {
  expect_all(
      "pykour",
      {
          "By email: To report a security bug, please email the lead maintainer listed in the "
          "README.md file.",
          "To ensure a timely response to your report, please include the entirety of the report "
          "within the email body and avoid using external links or attachments.",
          "Attachments are not accepted.",
          "- The lead maintainer will acknowledge your email within 48 hours and will follow up "
          "with a more detailed response within another 48 hours, outlining the next steps in "
          "handling your report.\n",
          "- After the initial reply, the security team will endeavor to keep you informed of the "
          "progress towards a fix and public announcement and may ask for additional information "
          "or guidance.\n",
          "We acknowledge reports within 48 hours.",
          // "within another 48 hours": counted from the acknowledgement, in the seed's number.
          "We give a substantive evaluation of a report within 48 hours of acknowledging it.",
          "If you discover a security issue in a third-party module used by Pykour, please report "
          "it to the person or team maintaining that module.",
          // Pre-release versions.
          "Alpha and Beta releases are unstable and not suitable for production use.",
          "it is not guaranteed that any fixes will be included in the next pre-release.",
          // Disclosure policy (the two damaged steps restored by the policy).
          "2. Confirm the issue and determine the affected versions.\n"
          "3. Audit the code to identify any similar vulnerabilities.\n"
          "4. Prepare fixes for all maintained versions. These fixes will be released to PyPI as "
          "quickly as possible.\n",
          "If you have suggestions on how this process could be improved, please submit a pull "
          "request.",
      });
}

TEST(SecurityMd, ProjectSeed004) {
  expect_all(
      "project",
      {
          "| Version | Supported | Notes |\n| --- | --- | --- |\n| latest | yes |  |\n",
          // "Email our security team" names no address: the form is the way, and none is made up.
          "1. Through the report form: <https://security.example.org/p/project/report>",
          "- A detailed description of the vulnerability (required)\n",
          "Or, if possible, provide a proof-of-concept (PoC).",
          "- We will acknowledge your report within 48 hours and will work with you to understand "
          "the issue and evaluate its impact.\n",
          "- Responsible Disclosure: Please refrain from publicly disclosing any potential "
          "vulnerabilities until we have had a chance to address them.\n",
          "- Please give us a reasonable amount of time to investigate and respond before making "
          "any public disclosure.\n",
          "We do not offer financial compensation for security reports. However, we will give "
          "credit to individuals or organizations who responsibly disclose vulnerabilities.",
          "1. Once we receive a vulnerability report, our security team will promptly review and "
          "prioritize it based on its severity and impact.\n",
          "5. Once the vulnerability is resolved, we will publicly acknowledge your contribution, "
          "unless you request otherwise.\n",
          // Safe harbor guidelines.
          "- Make a good-faith effort to avoid privacy violations, destruction of data, and "
          "interruption or degradation of our services.\n",
          "- Do not intentionally or maliciously harm our users or the integrity of our systems.\n",
          // Attribution.
          "If you would like to be credited, please let us know when submitting your report.",

          "Thank you for your contributions to the security of this project. Together, we can "
          "ensure a safer environment for everyone who uses it.",
      });
}

// The project names no embargo ("a reasonable amount of time"): its team's 90 days are an internal
// target, on no page. PySpector names no file size: none is shown.
TEST(SecurityMd, AnInternalTargetOrAnUnnamedLimitIsOnNoPage) {
  const std::string project = security_md(example_policy("project"), kPublicUrl);
  EXPECT_EQ(project.find("90"), std::string::npos) << project;
  EXPECT_EQ(project.find("@project.example"), std::string::npos) << project;
  const std::string pyspector = security_md(example_policy("pyspector"), kPublicUrl);
  EXPECT_NE(pyspector.find("You may attach one .txt file.\n"), std::string::npos) << pyspector;
  EXPECT_EQ(pyspector.find(" MB"), std::string::npos) << pyspector;
  EXPECT_NE(pyspector.find("We send a status update within 7 days of receiving a report."),
            std::string::npos)
      << pyspector;
  EXPECT_EQ(pyspector.find("at least every"), std::string::npos) << pyspector;
  // PyFlashBackup's "promptly" stays its word: its team's 3 business days, in a time zone it
  // never named, are on no page.
  const std::string flash = security_md(example_policy("pyflashbackup"), kPublicUrl);
  for (const char* absent : {"## Response times", "3 business days", "Europe/Moscow", "14 days"}) {
    EXPECT_EQ(flash.find(absent), std::string::npos) << absent << "\n" << flash;
  }
}

TEST(SecurityMd, SaysNothingThePolicyDoesNotSay) {
  auto loaded = load_policy(
      "[program]\nslug = \"tiny\"\nname = \"Tiny\"\n[form]\n[[form.fields]]\nfield = "
      "\"description\"\n",
      "tiny.toml");
  ASSERT_TRUE(loaded.policy) << (loaded.errors.empty() ? "" : loaded.errors[0].message);
  const std::string md = security_md(*loaded.policy, kPublicUrl);
  for (const char* absent :
       {"## Rules", "## Scope", "## Supported versions", "## Response times", "## Our promises",
        "## Safe harbor", "## Disclosure", "## Rewards", "## Encryption", "## Questions",
        "Pre-release", "Last updated", "business day", "PGP", "rewards"}) {
    EXPECT_EQ(md.find(absent), std::string::npos) << absent << "\n" << md;
  }
  EXPECT_NE(md.find("# Tiny Security Policy\n"), std::string::npos) << md;
  EXPECT_NE(md.find("<https://security.example.org/p/tiny/report>"), std::string::npos) << md;
}

TEST(SecurityMd, EscapesMarkdownInPolicyText) {
  EXPECT_EQ(markdown_text("*bold* _it_ [a](b) <script> `x` a|b ~s~ AT&T back\\slash"),
            "\\*bold\\* \\_it\\_ \\[a\\](b) \\<script\\> \\`x\\` a\\|b \\~s\\~ AT\\&T "
            "back\\\\slash");
  EXPECT_EQ(markdown_text("# not a heading"), "\\# not a heading");
  EXPECT_EQ(markdown_text("> not a quote"), "\\> not a quote");
  EXPECT_EQ(markdown_text("- not a list"), "\\- not a list");
  EXPECT_EQ(markdown_text("+ not a list"), "\\+ not a list");
  EXPECT_EQ(markdown_text("12. not a list"), "12\\. not a list");
  EXPECT_EQ(markdown_text("3) not a list"), "3\\) not a list");
  EXPECT_EQ(markdown_text("===="), "\\====");
  EXPECT_EQ(markdown_text("    not code  "), "not code");
  EXPECT_EQ(markdown_text("first\n# second\n\nthird"), "first\n\\# second\n\nthird");
  // A lone CR and CRLF end lines in CommonMark too: the next line's markers are escaped.
  EXPECT_EQ(markdown_text("Ev<b>il\r# Injected\r\n- item"), "Ev\\<b\\>il\n\\# Injected\n\\- item");
  // What is not special stays readable.
  EXPECT_EQ(markdown_text("e.g. 1.5 (DoS) root/admin “N/A” - a dash"),
            "e.g. 1.5 (DoS) root/admin “N/A” - a dash");
}

TEST(SecurityMd, HostilePolicyTextStaysText) {
  Policy policy = example_policy("pyspector");
  policy.texts.rules = {"<script>alert(1)</script>", "# Heading\n## Another\n    code",
                        "[click](javascript:alert(1))"};
  policy.scope.in = {"| a | table |\n| --- | --- |"};
  const std::string md = security_md(policy, kPublicUrl);
  EXPECT_EQ(md.find("<script>"), std::string::npos) << md;
  EXPECT_EQ(md.find("[click]"), std::string::npos) << md;
  EXPECT_NE(md.find("- \\<script\\>alert(1)\\</script\\>\n"), std::string::npos) << md;
  // Continuation lines stay inside their list item, their markers escaped.
  EXPECT_NE(md.find("- \\# Heading\n  \\## Another\n  code\n"), std::string::npos) << md;
  EXPECT_NE(md.find("- \\| a \\| table \\|\n  \\| --- \\| --- \\|\n"), std::string::npos) << md;
}

// A line break inside a table cell would end the row and let the rest be read as Markdown.
TEST(SecurityMd, TableCellsStayOnOneLine) {
  Policy policy = example_policy("pyspector");
  policy.versions.supported = {{"1.x\r# Injected", true, "note\nmore"}};
  const std::string md = security_md(policy, kPublicUrl);
  EXPECT_NE(md.find("| 1\\.x \\# Injected | yes | note more |\n"), std::string::npos) << md;
  EXPECT_EQ(md.find("\r"), std::string::npos) << md;
}

}  // namespace
}  // namespace embargo
