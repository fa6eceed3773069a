#include "http/access_log.h"

#include <spdlog/spdlog.h>

#include <array>

namespace embargo::http {

std::string loggable_path(std::string_view target) {
  std::string_view path = target.substr(0, target.find_first_of("?#"));
  static constexpr std::array<std::string_view, 2> kSecretPrefixes = {"/r/", "/api/v1/track/"};
  for (auto prefix : kSecretPrefixes) {
    if (path.starts_with(prefix)) return std::string(prefix) + "[redacted]";
  }
  return std::string(path);
}

void log_access(const Request& request, unsigned status, std::chrono::steady_clock::duration took) {
  auto ms = std::chrono::duration<double, std::milli>(took).count();
  spdlog::info("{} {} {} {:.1f}ms", std::string_view(request.method_string()),
               loggable_path(request.target()), status, ms);
}

}  // namespace embargo::http
