#include "http/access_log.h"

#include <spdlog/spdlog.h>

#include <array>

namespace embargo::http {

namespace {

// Bytes a tracking token (base64url), or its percent-encoded form, is made of.
bool token_byte(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '%';
}

// Tokens are 43 characters; slugs, report ids and page names are far shorter.
constexpr std::size_t kSecretRun = 24;

}  // namespace

std::string loggable_path(std::string_view target) {
  std::string_view path = target.substr(0, target.find_first_of("?#"));
  static constexpr std::array<std::string_view, 2> kSecretPrefixes = {"/r/", "/api/v1/track/"};
  for (auto prefix : kSecretPrefixes) {
    if (path.starts_with(prefix)) return std::string(prefix) + "[redacted]";
  }
  // A token may also arrive under a path that is not written exactly ("//api/v1/track/T",
  // "/API/v1/track/T", an absolute-form target): any long token-like run is redacted.
  std::string out;
  std::size_t i = 0;
  while (i < path.size()) {
    std::size_t run = i;
    while (run < path.size() && token_byte(path[run])) ++run;
    if (run - i >= kSecretRun) {
      out += "[redacted]";
    } else {
      out.append(path.substr(i, run - i));
    }
    if (run < path.size()) out += path[run];
    i = run + 1;
  }
  return out;
}

void log_access(const Request& request, unsigned status, std::chrono::steady_clock::duration took) {
  auto ms = std::chrono::duration<double, std::milli>(took).count();
  spdlog::info("{} {} {} {:.1f}ms", std::string_view(request.method_string()),
               loggable_path(request.target()), status, ms);
}

}  // namespace embargo::http
