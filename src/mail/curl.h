#pragma once

#include <curl/curl.h>

#include <memory>
#include <mutex>

namespace embargo::mail {

// curl_global_init is not thread-safe and must run once before any handle exists: every user of
// libcurl (SMTP, IMAP, webhooks) calls this first.
inline void init_curl() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

// How long SMTP, IMAP and webhook connections may take to open: a peer that does not answer in
// this time is down, and the caller's retry schedule takes over.
constexpr long kConnectTimeoutSeconds = 10;

// libcurl's handles and lists owned the C++ way.
struct EasyCleanup {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
using CurlPtr = std::unique_ptr<CURL, EasyCleanup>;
struct SlistFree {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using SlistPtr = std::unique_ptr<curl_slist, SlistFree>;

}  // namespace embargo::mail
