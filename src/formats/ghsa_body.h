// An advisory's published revision as the body of GitHub's "Create a repository security
// advisory" request (POST /repos/{owner}/{repo}/security-advisories), so that a team pushes the
// same advisory to GitHub (PySpector, Pykour, PyFlashBackup and the project publish there).
#pragma once

#include <boost/json/object.hpp>

#include "core/advisory.h"

namespace embargo::formats {

// summary, description (the details, then the credits as published: GitHub credits only GitHub
// accounts by login, which Embargo does not know, so the names go in the text), the CVE alias as
// cve_id, one vulnerability per range with GitHub's ecosystem name, the range as GitHub writes it
// and the patched version, the CWE ids, and the severity: the CVSS 3.x vector, or the rating of
// a CVSS 4.0 vector.
boost::json::object ghsa_body(const PublishedAdvisory& advisory);

}  // namespace embargo::formats
