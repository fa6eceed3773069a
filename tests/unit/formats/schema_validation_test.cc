// The schema validators the export tests use (tests/support/schema_validation.h), on two
// hand-written OSV records: one that follows the OSV schema's rules and one whose range breaks
// the rule that every range has an `introduced` event.
#include "schema_validation.h"

#include <gtest/gtest.h>

#include <string>

namespace embargo {
namespace {

using testing::validate_document;

// A minimal OSV record: `id` (a home database prefix, `x_` for a local database) and `modified`
// (RFC 3339 in UTC, "Z") are the required fields; one affected package with an ECOSYSTEM range,
// introduced at "0" (before every version) and fixed in 0.1.3.
constexpr const char* kValidOsv = R"({
  "schema_version": "1.6.0",
  "id": "x_embargo-PYSPECTOR-2024-0001",
  "modified": "2024-05-01T12:00:00Z",
  "published": "2024-05-01T12:00:00Z",
  "summary": "Path traversal in the report exporter",
  "affected": [
    {
      "package": {"ecosystem": "PyPI", "name": "pyspector"},
      "ranges": [
        {"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "0.1.3"}]}
      ]
    }
  ],
  "references": [{"type": "ADVISORY", "url": "https://example.org/advisories/2024-0001"}]
})";

TEST(SchemaValidation, AcceptsAValidOsvRecord) {
  const auto check = validate_document("osv", kValidOsv);
  EXPECT_TRUE(check.valid) << check.output;
  EXPECT_NE(check.output.find("document: valid"), std::string::npos) << check.output;
}

TEST(SchemaValidation, RefusesAnOsvRangeWithoutIntroduced) {
  std::string record = kValidOsv;
  const std::string introduced = R"({"introduced": "0"}, )";
  record.erase(record.find(introduced), introduced.size());

  const auto check = validate_document("osv", record);
  EXPECT_FALSE(check.valid) << check.output;
  // The error names the document (not the temporary file) and the JSON pointer of the range.
  EXPECT_NE(check.output.find("document /affected/0/ranges/0/events: must contain"),
            std::string::npos)
      << check.output;
  EXPECT_NE(check.output.find("document: INVALID"), std::string::npos) << check.output;
}

}  // namespace
}  // namespace embargo
