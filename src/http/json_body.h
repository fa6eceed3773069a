#pragma once

#include <boost/json/object.hpp>
#include <string_view>

#include "http/router.h"

namespace embargo::http {

// Request bodies the API reads as JSON, read the same way by every route that takes one.

// Whether a Content-Type header value declares JSON: "application/json", optionally with
// "charset=utf-8" (RFC 8259 JSON is UTF-8; no other charset is read).
bool is_json(std::string_view content_type);

// Whether the request's Content-Type declares JSON (false without a Content-Type).
bool has_json_body(const Request& request);

// The body as one JSON object, parsed by Boost.JSON, which also refuses text that is not UTF-8
// (a lone surrogate escape too). Throws Refusal (field "body"): malformed JSON with its line and
// column, or a value that is not an object, saying that `expected` ("a JSON object {...}") was.
boost::json::object json_object_body(std::string_view body, std::string_view expected);

// The request's body as one JSON object (json_object_body); a request that does not declare JSON
// is refused too, saying to send `expected` with Content-Type: application/json.
boost::json::object required_json_object(const Request& request, std::string_view expected);

}  // namespace embargo::http
