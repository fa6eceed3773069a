#include "scoring/cwe.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace embargo::scoring {
namespace {

// Expected values below were read by hand from
// /work/shared/standards/cwe/cwe_v4.15_entries.csv (CWE 4.15) unless a comment says otherwise.

std::vector<int> ids_of(const std::vector<const CweEntry*>& entries) {
  std::vector<int> ids;
  for (const CweEntry* entry : entries) ids.push_back(entry->id);
  return ids;
}

std::string cwe_error(std::string_view text) {
  std::string error;
  EXPECT_FALSE(parse_cwe_id(text, &error).has_value()) << text;
  return error;
}

TEST(CweCatalogue, HoldsEveryWeaknessAndCategoryOfTheCsv) {
  // cut -d, -f2 cwe_v4.15_entries.csv | grep -cE '^(weakness|category)$'  -> 1373
  // (964 weaknesses + 409 categories, as the README of ../shared/standards/cwe says).
  EXPECT_EQ(cwe_catalogue().size(), 1373u);
  EXPECT_EQ(cwe_catalogue_version(), "4.15");
}

TEST(CweCatalogue, IsSortedByIdWithoutDuplicates) {
  auto catalogue = cwe_catalogue();
  EXPECT_TRUE(std::adjacent_find(catalogue.begin(), catalogue.end(),
                                 [](auto& a, auto& b) { return a.id >= b.id; }) == catalogue.end());
}

TEST(CweCatalogue, FindsCrossSiteScripting) {
  const CweEntry* entry = find_cwe(79);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->name,
            "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')");
  EXPECT_EQ(entry->kind, CweKind::kWeakness);
  EXPECT_EQ(entry->abstraction, CweAbstraction::kBase);
  EXPECT_EQ(entry->status, CweStatus::kStable);
  EXPECT_EQ(entry->mapping_usage, CweMappingUsage::kAllowed);
  EXPECT_TRUE(entry->in_view_1003);
}

TEST(CweCatalogue, FindsOsCommandInjection) {
  const CweEntry* entry = find_cwe(78);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->name,
            "Improper Neutralization of Special Elements used in an OS Command ('OS Command "
            "Injection')");
  EXPECT_EQ(entry->status, CweStatus::kStable);
  EXPECT_TRUE(entry->in_view_1003);
}

TEST(CweCatalogue, KeepsBackslashesInNames) {
  const CweEntry* entry = find_cwe(40);
  ASSERT_NE(entry, nullptr);
  EXPECT_EQ(entry->name, R"(Path Traversal: '\\UNC\share\name\' (Windows UNC Share))");
  EXPECT_EQ(entry->abstraction, CweAbstraction::kVariant);
}

TEST(CweCatalogue, FindsDeprecatedWeaknessAndObsoleteCategory) {
  const CweEntry* deprecated = find_cwe(71);
  ASSERT_NE(deprecated, nullptr);
  EXPECT_EQ(deprecated->name, "DEPRECATED: Apple '.DS_Store'");
  EXPECT_EQ(deprecated->status, CweStatus::kDeprecated);
  EXPECT_EQ(deprecated->mapping_usage, CweMappingUsage::kProhibited);

  const CweEntry* category = find_cwe(16);
  ASSERT_NE(category, nullptr);
  EXPECT_EQ(category->name, "Configuration");
  EXPECT_EQ(category->kind, CweKind::kCategory);
  EXPECT_EQ(category->abstraction, CweAbstraction::kNone);
  EXPECT_EQ(category->status, CweStatus::kObsolete);
  EXPECT_EQ(category->mapping_usage, CweMappingUsage::kProhibited);
}

TEST(CweCatalogue, LeavesOutViewsAndUnknownIds) {
  EXPECT_EQ(find_cwe(1000), nullptr);  // a view: "Research Concepts"
  EXPECT_EQ(find_cwe(1003), nullptr);  // a view: the NVD mapping view itself
  EXPECT_EQ(find_cwe(0), nullptr);
  EXPECT_EQ(find_cwe(-79), nullptr);
  EXPECT_EQ(find_cwe(99999), nullptr);
}

TEST(CweView1003, HasTheMembersOfTheXmlView) {
  // Counted from the XML: the view's Has_Member entries plus every weakness with a
  // relationship in view 1003:
  //   zcat cwec_v4.15.xml.gz | awk -F'"' '/<Weakness ID=/{id=$2}
  //     /Related_Weakness .*View_ID="1003"/{print id}
  //     /Has_Member CWE_ID=.*View_ID="1003"/{print $2}' | sort -u | wc -l   -> 130
  auto view = view_1003();
  EXPECT_EQ(view.size(), 130u);
  EXPECT_TRUE(std::all_of(view.begin(), view.end(), [](auto& e) { return e.in_view_1003; }));
  auto flagged = std::count_if(cwe_catalogue().begin(), cwe_catalogue().end(),
                               [](auto& e) { return e.in_view_1003; });
  EXPECT_EQ(flagged, 130);
  EXPECT_TRUE(std::adjacent_find(view.begin(), view.end(),
                                 [](auto& a, auto& b) { return a.id >= b.id; }) == view.end());
  EXPECT_FALSE(find_cwe(564)->in_view_1003);  // SQL Injection: Hibernate
}

TEST(CweParse, AcceptsPrefixedAndBareIds) {
  std::string error;
  EXPECT_EQ(parse_cwe_id("CWE-79", &error), 79);
  EXPECT_EQ(parse_cwe_id("cwe-79", &error), 79);
  EXPECT_EQ(parse_cwe_id("Cwe-1321", &error), 1321);
  EXPECT_EQ(parse_cwe_id("79", &error), 79);
  EXPECT_EQ(parse_cwe_id("  CWE-20\n", &error), 20);
  EXPECT_EQ(parse_cwe_id("79", nullptr), 79);
}

TEST(CweParse, RefusesEmptyText) {
  EXPECT_EQ(cwe_error(""), "CWE id is empty");
  EXPECT_EQ(cwe_error("   "), "CWE id is empty");
}

TEST(CweParse, RefusesPrefixWithoutNumber) {
  EXPECT_EQ(cwe_error("CWE-"), "CWE id 'CWE-' has no number after 'CWE-'");
}

// Positions count from 1 in the quoted (trimmed) text.
TEST(CweParse, NamesTheUnexpectedCharacterAndWhere) {
  EXPECT_EQ(cwe_error("CWE-79a"),
            "CWE id 'CWE-79a' is not of the form CWE-<number>: unexpected 'a' at character 7");
  EXPECT_EQ(cwe_error("CWE79"),
            "CWE id 'CWE79' is not of the form CWE-<number>: unexpected 'C' at character 1");
  EXPECT_EQ(cwe_error("-5"),
            "CWE id '-5' is not of the form CWE-<number>: unexpected '-' at character 1");
  EXPECT_EQ(cwe_error(" CWE-7 9"),
            "CWE id 'CWE-7 9' is not of the form CWE-<number>: unexpected ' ' at character 6");
}

TEST(CweParse, RefusesOverflowAndZero) {
  EXPECT_EQ(cwe_error("CWE-99999999999"),
            "CWE id 'CWE-99999999999' is too large (at most 2147483647)");
  EXPECT_EQ(cwe_error("0"), "CWE id '0' is zero; CWE ids start at 1");
}

TEST(CweCheck, AcceptsAnAllowedWeakness) { EXPECT_TRUE(check_cwe(79).empty()); }

TEST(CweCheck, ReportsAnUnknownId) {
  EXPECT_EQ(check_cwe(99999),
            std::vector<std::string>{"CWE-99999 is not in the CWE 4.15 catalogue"});
  EXPECT_EQ(check_cwe(1000), std::vector<std::string>{"CWE-1000 is not in the CWE 4.15 catalogue"});
}

TEST(CweCheck, ReportsDeprecatedAndProhibited) {
  EXPECT_EQ(check_cwe(71), (std::vector<std::string>{
                               "CWE-71 (DEPRECATED: Apple '.DS_Store') is Deprecated in CWE 4.15",
                               "CWE-71 (DEPRECATED: Apple '.DS_Store'): MITRE mapping usage is "
                               "Prohibited; map the vulnerability to a more specific weakness"}));
}

TEST(CweCheck, ReportsObsoleteCategory) {
  EXPECT_EQ(check_cwe(16).size(), 2u);
  EXPECT_EQ(check_cwe(16).front(), "CWE-16 (Configuration) is Obsolete in CWE 4.15");
}

TEST(CweCheck, ReportsDiscouragedMapping) {
  EXPECT_EQ(check_cwe(20), std::vector<std::string>{
                               "CWE-20 (Improper Input Validation): MITRE mapping usage is "
                               "Discouraged; map the vulnerability to a more specific weakness"});
}

TEST(CweSearch, RequiresEveryWordIgnoringCase) {
  // grep -i 'sql' and 'injection' in the CSV names: CWE-89 (in view 1003) and CWE-564.
  EXPECT_EQ(ids_of(search_cwe("INJECTION sql", 10)), (std::vector<int>{89, 564}));
  EXPECT_TRUE(search_cwe("injection nonexistentword", 10).empty());
  EXPECT_TRUE(search_cwe("   ", 10).empty());
}

TEST(CweSearch, RanksViewThenAbstractionThenId) {
  // Names containing "injection", sorted by hand: view-1003 Base/Variant (78, 88, 89, 91,
  // 94, 917), view-1003 Class (74, 77), then Base/Variant outside the view (90, 93, ...).
  EXPECT_EQ(ids_of(search_cwe("injection", 10)),
            (std::vector<int>{78, 88, 89, 91, 94, 917, 74, 77, 90, 93}));
  // grep -ic injection cwe_v4.15_entries.csv -> 27 (no view's name contains the word).
  EXPECT_EQ(search_cwe("injection", 100).size(), 27u);
}

TEST(CweSearch, PutsTheExactIdFirst) {
  EXPECT_EQ(ids_of(search_cwe("CWE-79", 5)), std::vector<int>{79});
  EXPECT_EQ(ids_of(search_cwe("79", 5)), std::vector<int>{79});
  EXPECT_TRUE(search_cwe("CWE-99999", 5).empty());
}

TEST(CweSearch, StopsAtTheLimit) {
  EXPECT_EQ(search_cwe("injection", 3).size(), 3u);
  EXPECT_TRUE(search_cwe("injection", 0).empty());
}

}  // namespace
}  // namespace embargo::scoring
