#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace embargo::jobs {

// "sha256=" and the lower-case hex of HMAC-SHA-256(secret, body): the X-Embargo-Signature-256
// header, computed as GitHub computes X-Hub-Signature-256, so receivers can reuse its checks.
std::string webhook_signature(std::string_view secret, std::string_view body);

// One POST of a webhook body.
struct WebhookRequest {
  std::string url;
  std::string event;     // X-Embargo-Event
  std::string delivery;  // X-Embargo-Delivery
  std::string body;      // JSON
  std::string secret;    // in clear, only to sign
};

// What became of one POST: 2xx is delivered; a 4xx other than 408 and 429 will not change by
// asking again (permanent); anything else (no answer, 3xx, 408, 429, 5xx) is worth a retry.
struct WebhookResult {
  bool sent = false;
  bool permanent = false;
  int status = 0;  // 0 when nothing answered
  std::chrono::milliseconds duration{};
  std::string error;     // empty when sent
  std::string response;  // the first KiB of the answer's body
};

// POSTs the body through libcurl, http and https only, without following redirects, with a
// 10 s connect and a 30 s total timeout so that a dead receiver never holds the sender long.
WebhookResult post_webhook(const WebhookRequest& request);

}  // namespace embargo::jobs
