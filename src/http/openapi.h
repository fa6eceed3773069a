#pragma once

#include <string_view>

namespace embargo::http {

// The OpenAPI 3.1 document of every /api/v1 route (src/http/openapi.json, compiled in by
// cmake/embed_openapi.cmake).
std::string_view openapi_json();

}  // namespace embargo::http
