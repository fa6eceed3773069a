// An advisory's published revision as a CVE JSON 5.1 record (CVE Record Format 5.1.1), ready for
// the CNA that assigned its CVE id to submit: cveMetadata and the CNA container.
#pragma once

#include <boost/json/object.hpp>
#include <string>
#include <string_view>

#include "core/advisory.h"

namespace embargo::formats {

// The CNA the record is submitted by: its organisation UUID in the CVE Program (required; no
// policy knows it) and its short name (optional).
struct CnaIdentity {
  std::string org_id;
  std::string short_name;
};

// The record: the advisory's CVE alias as cveId (Refusal invalid "aliases" when it has none: a
// CNA assigns the id first), each affected package by its registry's collection URL (or the
// program as vendor) with its ranges as version entries, the CWEs as problem types, the CVSS
// vector with its base score, the public page and the references, the credits as CVE types them.
// A withdrawn advisory is a REJECTED record with the reason. Refusal invalid "cna-org-id" for an
// org id that is not a UUID, "affected" for an advisory that names no package.
boost::json::object cve_record(const PublishedAdvisory& advisory, std::string_view advisory_url,
                               const CnaIdentity& cna);

}  // namespace embargo::formats
