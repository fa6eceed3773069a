// How a refusal of the core or the store reaches the web, decided once: its kind gives the
// status (invalid 422, not found 404, conflict 409, forbidden 403) for the API and the pages
// alike, and its code in the API's JSON.
#pragma once

#include <boost/beast/http/status.hpp>
#include <ostream>
#include <string_view>

#include "core/error.h"

namespace embargo::http {

boost::beast::http::status status_of(const Refusal& refusal);

// "invalid_request", "not_found", "conflict" or "forbidden".
std::string_view code_of(const Refusal& refusal);

}  // namespace embargo::http
