#pragma once

#include <string>
#include <string_view>

#include "http/router.h"

namespace embargo::http {

// A strong entity tag for these exact bytes: a BLAKE2b-128 digest in hex, quoted
// ("\"3f2a...\""). Equal bytes give equal tags on every node of a deployment.
std::string strong_etag(std::string_view body);

// Whether the request's If-None-Match names `etag` or is "*" (RFC 9110 13.1.2: the weak
// comparison, so W/"x" matches "x").
bool none_match(const Request& request, std::string_view etag);

// How public pages may be cached: by anyone, revalidated each time (a program's policy can
// change at any moment, and the ETag makes revalidating cheap).
inline constexpr std::string_view kPublicPageCaching = "public, no-cache";

// A 200 with the body, its Content-Type, ETag and Cache-Control, or a bodiless 304 Not
// Modified with the same ETag and Cache-Control when the client already holds these bytes.
Response cacheable_response(const Request& request, std::string body, std::string_view content_type,
                            std::string_view cache_control);

}  // namespace embargo::http
