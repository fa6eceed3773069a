#include "core/external_link.h"

#include <algorithm>
#include <array>
#include <boost/url/parse.hpp>
#include <cctype>
#include <string>

#include "core/text.h"

namespace embargo {
namespace {

bool ends_with_label(std::string_view host, std::string_view suffix) {
  return host == suffix || (host.size() > suffix.size() && host.ends_with(suffix) &&
                            host[host.size() - suffix.size() - 1] == '.');
}

bool is_own_or_example_host(std::string_view host) {
  static constexpr std::array<std::string_view, 8> kReserved = {
      "localhost", "example.com", "example.net", "example.org",
      "example",   "test",        "invalid",     "localhost.localdomain"};
  // Loopback, and the addresses reserved for documentation (RFC 5737, RFC 3849).
  for (std::string_view own : {"127.", "192.0.2.", "198.51.100.", "203.0.113.", "[2001:db8:"}) {
    if (host.starts_with(own)) return true;
  }
  if (host == "[::1]") return true;
  return std::any_of(kReserved.begin(), kReserved.end(),
                     [&](std::string_view reserved) { return ends_with_label(host, reserved); });
}

// Where a link that starts at `text` points; empty when it is not one a reader could follow.
std::string host_of(std::string_view text) {
  std::size_t end = text.find_first_of(" \t\r\n<>\"'`(){}");
  std::string_view candidate = text.substr(0, end);
  if (candidate.starts_with("www.")) {
    std::string_view name = candidate.substr(0, candidate.find_first_of("/:?#"));
    return name.find('.', 4) == std::string_view::npos ? std::string() : std::string(name);
  }
  auto url = boost::urls::parse_uri(candidate);
  if (!url || !url->has_authority()) return {};
  return ascii_lower(url->encoded_host());
}

}  // namespace

bool links_to_another_site(std::string_view text) {
  const std::string lower = ascii_lower(text);
  for (std::string_view start : {"http://", "https://", "www."}) {
    for (std::size_t at = lower.find(start); at != std::string::npos;
         at = lower.find(start, at + 1)) {
      // "www." inside a longer word or address is not a bare name.
      if (start == "www." && at > 0 &&
          (std::isalnum(static_cast<unsigned char>(lower[at - 1])) || lower[at - 1] == '.' ||
           lower[at - 1] == '/')) {
        continue;
      }
      std::string host = host_of(std::string_view(lower).substr(at));
      if (!host.empty() && !is_own_or_example_host(host)) return true;
    }
  }
  return false;
}

}  // namespace embargo
