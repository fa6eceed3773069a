// An advisory draft as JSON: the body the team API and `embargo advisory` read, and how the store
// keeps a draft. Readers refuse unknown keys and values of the wrong type, naming the key with
// its position ("affected[2].ranges[1]").
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>

#include "core/advisory.h"

namespace embargo {

// {"summary", "details", "affected": [{"ecosystem", "name", "purl", "ranges": [...]}],
//  "cvss_vector", "cwes": [79 or "CWE-79", ...], "references": [{"type", "url"}],
//  "aliases": [...], "credits": [{"role", "report" | "name"}]}
boost::json::object advisory_draft_to_json(const AdvisoryDraft& draft);

// Every key is optional (absent: empty) except "summary"; the values are checked for type only:
// normalize_advisory_draft and the store check what they say.
AdvisoryDraft advisory_draft_from_json(const boost::json::value& json);

// A CWE id as people write one in JSON: 79, "79" or "CWE-79"; nullopt for anything else.
std::optional<int> cwe_id_from_json(const boost::json::value& value);

boost::json::array published_credits_to_json(const std::vector<PublishedCredit>& credits);
std::vector<PublishedCredit> published_credits_from_json(const boost::json::value& json);

}  // namespace embargo
