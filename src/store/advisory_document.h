#pragma once

#include <string>

#include "store/advisories.h"

namespace embargo::store {

// A published revision as the store keeps it (advisory_revisions.document): the whole of what
// the public saw, so that a later change of the draft or the policy never changes it.
std::string published_to_json(const PublishedAdvisory& advisory);
PublishedAdvisory published_from_json(const std::string& json);

}  // namespace embargo::store
