#include "store/webhooks.h"

#include <algorithm>

#include "core/error.h"

namespace embargo::store {
namespace {

constexpr std::size_t kMaxUrlBytes = 2048;

// A URL goes into an HTTP request line through libcurl: spaces and control bytes have no place in
// it, and a host is required after the scheme.
bool plausible_url(std::string_view url) {
  std::string_view rest;
  if (url.starts_with("http://")) {
    rest = url.substr(7);
  } else if (url.starts_with("https://")) {
    rest = url.substr(8);
  } else {
    return false;
  }
  if (rest.empty() || rest.front() == '/' || rest.front() == ':') return false;
  return std::none_of(url.begin(), url.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte <= 0x20 || byte == 0x7F;
  });
}

}  // namespace

void check_new_webhook(const NewWebhook& webhook) {
  if (webhook.url.size() > kMaxUrlBytes || !plausible_url(webhook.url)) {
    throw invalid("url", "url: must be an http:// or https:// URL with a host (got '" +
                             webhook.url.substr(0, 200) + "')");
  }
  if (webhook.events.empty()) {
    throw invalid("events",
                  "events: name at least one of report.created, report.message, "
                  "report.state");
  }
  for (const auto& event : webhook.events) {
    const auto& known = webhook_events();
    if (std::find(known.begin(), known.end(), event) == known.end()) {
      throw invalid("events", "events: unknown event '" + event +
                                  "' (report.created, report.message, report.state)");
    }
  }
  if (webhook.sealed_secret.empty()) throw invalid("secret", "secret: must not be empty");
}

std::vector<std::string> parse_webhook_events(std::string_view text) {
  std::vector<std::string> named;
  while (!text.empty()) {
    std::string_view item = text.substr(0, text.find(','));
    text.remove_prefix(std::min(text.size(), item.size() + 1));
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty() && std::find(named.begin(), named.end(), item) == named.end()) {
      named.emplace_back(item);
    }
  }
  std::vector<std::string> ordered;
  for (const auto& event : webhook_events()) {
    if (std::find(named.begin(), named.end(), event) != named.end()) ordered.push_back(event);
  }
  for (const auto& event : named) {
    if (std::find(ordered.begin(), ordered.end(), event) == ordered.end()) ordered.push_back(event);
  }
  return ordered;
}

}  // namespace embargo::store
