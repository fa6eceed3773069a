// Exported advisories checked by the official validators (tests/schemas/README.md): the OSV and
// CVE JSON 5.1.1 schemas through npm ajv, CSAF 2.0 through npm @secvisogram/csaf-validator-lib.
#pragma once

#include <string>
#include <string_view>

namespace embargo::testing {

struct SchemaCheck {
  bool valid = false;
  // What the validator printed: one "document POINTER: MESSAGE" line per error, then
  // "document: valid" or "document: INVALID (N errors)". Print it when a check fails.
  std::string output;
};

// Validates one document with `bash tests/schemas/validate.sh KIND FILE`, the text written to a
// temporary file first. KIND is "osv" (OSV schema), "cve5" (a full CVE JSON 5.1.1 record),
// "csaf" (CSAF 2.0 schema, mandatory and recommended tests: a recommended test's finding makes
// the document invalid), "csaf-mandatory" (schema and mandatory tests only), "csaf-provider"
// (a provider-metadata.json, against the CSAF 2.0 provider schema) or "ghsa" (the
// request body of GitHub's "Create a repository security advisory", from GitHub's OpenAPI
// description). The first call
// in a checkout installs the npm packages (`npm ci`); a CSAF check takes a few seconds, as the
// library loads. A validator that cannot run (an unknown kind, npm ci failing, no node) fails
// the calling test and gives valid == false.
SchemaCheck validate_document(std::string_view kind, std::string_view json_text);

}  // namespace embargo::testing
