#include "jobs/webhook_delivery.h"

#include <curl/curl.h>
#include <sodium.h>

#include <array>
#include <memory>

#include "mail/curl.h"

namespace embargo::jobs {
namespace {

using mail::CurlPtr;
using mail::init_curl;
using mail::kConnectTimeoutSeconds;
using mail::SlistPtr;

constexpr long kTotalTimeoutSeconds = 30;
constexpr std::size_t kResponseBytes = 1024;

// Keeps the first KiB of the answer for the delivery log and reads the rest away, so that a
// receiver answering at length never fills the sender's memory.
std::size_t keep_start(char* data, std::size_t size, std::size_t count, void* user) {
  auto* kept = static_cast<std::string*>(user);
  std::size_t n = size * count;
  if (kept->size() < kResponseBytes) kept->append(data, std::min(n, kResponseBytes - kept->size()));
  return n;
}

bool worth_retrying(long status) {
  return status < 400 || status >= 500 || status == 408 || status == 429;
}

}  // namespace

std::string webhook_signature(std::string_view secret, std::string_view body) {
  // The multi-part API, because the single-part one takes a key of exactly 32 bytes and a
  // receiver's secret may be any length (HMAC hashes a long key and pads a short one).
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  std::array<char, crypto_auth_hmacsha256_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), mac.data(), mac.size());
  return "sha256=" + std::string(hex.data());
}

WebhookResult post_webhook(const WebhookRequest& request) {
  WebhookResult result;
  init_curl();
  CurlPtr curl(curl_easy_init());
  if (!curl) {
    result.error = "libcurl failed to start";
    return result;
  }
  SlistPtr headers;
  for (const std::string& header :
       {std::string("Content-Type: application/json"), std::string("Expect:"),
        "X-Embargo-Event: " + request.event, "X-Embargo-Delivery: " + request.delivery,
        "X-Embargo-Signature-256: " + webhook_signature(request.secret, request.body)}) {
    curl_slist* head = curl_slist_append(headers.get(), header.c_str());
    if (head == nullptr) {
      result.error = "out of memory";
      return result;
    }
    if (!headers) headers.reset(head);
  }

  CURL* c = curl.get();
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "Embargo-Hookshot");
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, keep_start);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &result.response);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, kTotalTimeoutSeconds);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);

  auto started = std::chrono::steady_clock::now();
  CURLcode code = curl_easy_perform(c);
  result.duration = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  result.status = static_cast<int>(status);
  if (code != CURLE_OK) {
    result.error = error[0] != '\0' ? error : curl_easy_strerror(code);
    return result;
  }
  if (status >= 200 && status < 300) {
    result.sent = true;
    return result;
  }
  result.error = "HTTP " + std::to_string(status);
  result.permanent = !worth_retrying(status);
  return result;
}

}  // namespace embargo::jobs
