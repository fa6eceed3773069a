#include "http_checks.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace embargo::testing {

void expect_security_headers(const HttpResponse& r, const std::string& what) {
  std::string csp(r["Content-Security-Policy"]);
  EXPECT_NE(csp.find("default-src 'self'"), std::string::npos) << what;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << what;
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos) << what;
  EXPECT_EQ(r["X-Content-Type-Options"], "nosniff") << what;
  EXPECT_EQ(r["Referrer-Policy"], "no-referrer") << what;
  EXPECT_EQ(r["X-Frame-Options"], "DENY") << what;
}

boost::json::object json_object_of(const HttpResponse& r) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(r.body(), ec);
  EXPECT_FALSE(ec) << r.body();
  return v.is_object() ? v.as_object() : boost::json::object{};
}

std::string location(const HttpResponse& r) { return std::string(r[bh::field::location]); }

bool contains(const HttpResponse& r, const std::string& text) {
  return r.body().find(text) != std::string::npos;
}

std::string multipart_body(const std::vector<std::array<std::string, 3>>& parts) {
  std::string body;
  for (const auto& [name, value, file_name] : parts) {
    body += "--b0undary\r\nContent-Disposition: form-data; name=\"" + name + "\"";
    if (!file_name.empty()) body += "; filename=\"" + file_name + "\"";
    body += "\r\n\r\n" + value + "\r\n";
  }
  return body + "--b0undary--\r\n";
}

}  // namespace embargo::testing
