// An advisory as a CSAF 2.0 security advisory (OASIS CSAF 2.0, profile csaf_security_advisory):
// what national CERTs, vendors' security portals and asset scanners that speak CSAF read. The
// document passes the CSAF schema, its mandatory tests (6.1) and its recommended tests (6.2),
// but one: CSAF 2.0 has no field for a CVSS 4.0 score (2.1 adds it), so an advisory scored with
// CVSS 4.0 alone carries its vector in a note and trips 6.2.3 "missing score".
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "core/advisory.h"

namespace embargo::formats {

// The file name CSAF 2.0 section 5.1 gives a document: its tracking id lower-cased, every
// run of characters other than a-z, 0-9, '+' and '-' written as one '_', then ".json".
std::string csaf_file_name(std::string_view tracking_id);

// Where the document lives under a provider's directory (section 7.1.11): the year of its first
// publication, then its file name: "2026/pyspector-sa-2026-0001.json".
std::string csaf_directory_path(const PublishedAdvisory& advisory);

// The addresses a document names: its own canonical one (https, ending with its file name, as
// recommended test 6.2.11 asks), the advisory's public page, and the publisher's namespace (the
// program's homepage, or its page on this instance when the policy gives none).
struct CsafLinks {
  std::string self_url;
  std::string page_url;
  std::string publisher_namespace;
};

// The document of the latest of `revisions` (every published revision of one advisory, oldest
// first; the history lists them all), serialised with its keys sorted (test 6.2.13) and nothing
// that changes between two calls, so that a file and its hashes stay the same until the next
// revision. Each package range is a product (a version range in `vers` syntax, or one version)
// known to be affected, each release that fixes one a product fixed by it, with the update as
// the vendor fix. An advisory that names no package is about what the program runs itself: the
// program is the one product, fixed by the publication. A withdrawn advisory keeps its content
// with a note saying why and when.
std::string csaf_document(std::span<const PublishedAdvisory> revisions, const CsafLinks& links);

}  // namespace embargo::formats
