// Checks several integration tests make on the server's answers.
#pragma once

#include <array>
#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "test_server.h"

namespace embargo::testing {

// The headers every answer carries (docs/design.md, security rules): a CSP that allows only the
// site's own files and no framing, no MIME sniffing, no referrer, no framing for old browsers.
void expect_security_headers(const HttpResponse& r, const std::string& what);

// The body as a JSON object; a body that is not one fails the test and gives an empty object.
boost::json::object json_object_of(const HttpResponse& r);

// Where a redirect points ("" without a Location header).
std::string location(const HttpResponse& r);
// Whether the body holds `text`.
bool contains(const HttpResponse& r, const std::string& text);

// The Content-Type of a JSON body.
inline constexpr const char* kJson = "application/json";
// One multipart/form-data body of text parts and file parts ({name, value, file name}; no file
// name: a text part), sent with Content-Type kMultipart.
std::string multipart_body(const std::vector<std::array<std::string, 3>>& parts);
inline constexpr const char* kMultipart = "multipart/form-data; boundary=b0undary";

}  // namespace embargo::testing
