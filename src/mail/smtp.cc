#include "mail/smtp.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>

#include "mail/curl.h"

namespace embargo::mail {
namespace {

constexpr long kTotalTimeoutSeconds = 60;

// What libcurl uploads as the DATA of the transaction (it does the dot-stuffing itself).
struct Upload {
  std::string_view raw;
  std::size_t sent = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  std::size_t n = std::min(size * count, upload->raw.size() - upload->sent);
  std::memcpy(buffer, upload->raw.data() + upload->sent, n);
  upload->sent += n;
  return n;
}

// The server's replies arrive only through the debug callback; the one that failed a
// transaction says why better than its code alone ("550 5.1.1 No such user here").
int keep_replies(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
  if (type != CURLINFO_HEADER_IN) return 0;
  auto* replies = static_cast<std::vector<std::string>*>(user);
  std::string_view text(data, size);
  while (!text.empty()) {
    std::string_view line = text.substr(0, text.find('\n'));
    text.remove_prefix(std::min(text.size(), line.size() + 1));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!line.empty()) replies->emplace_back(line);
  }
  return 0;
}

// The last reply with libcurl's final response code: not the QUIT that follows it.
std::string reply_with_code(const std::vector<std::string>& replies, long code) {
  std::string prefix = std::to_string(code);
  auto it = std::find_if(replies.rbegin(), replies.rend(),
                         [&](const std::string& reply) { return reply.rfind(prefix, 0) == 0; });
  return it == replies.rend() ? "" : *it;
}

// An envelope address goes into an SMTP command line as is: a CR or LF in it would add a
// command of its own.
bool safe_address(std::string_view address) {
  return !address.empty() && std::none_of(address.begin(), address.end(), [](char c) {
    auto byte = static_cast<unsigned char>(c);
    return byte < 0x20 || byte == 0x7F;
  });
}

}  // namespace

SmtpClient::SmtpClient(SmtpSettings settings) : settings_(std::move(settings)) {
  init_curl();
  curl_ = curl_easy_init();
}

SmtpClient::~SmtpClient() { curl_easy_cleanup(static_cast<CURL*>(curl_)); }

SmtpResult send_smtp(const SmtpSettings& settings, const std::vector<std::string>& recipients,
                     std::string_view raw) {
  return SmtpClient(settings).send(recipients, raw);
}

SmtpResult SmtpClient::send(const std::vector<std::string>& recipients, std::string_view raw) {
  const SmtpSettings& settings = settings_;
  if (recipients.empty()) return {false, true, "no recipients"};
  if (!safe_address(settings.from)) return {false, true, "the sender address is empty or unsafe"};
  SlistPtr rcpt;
  for (const auto& recipient : recipients) {
    if (!safe_address(recipient)) return {false, true, "a recipient address is empty or unsafe"};
    // The list keeps its head: only the first append gives a new pointer to own.
    curl_slist* head = curl_slist_append(rcpt.get(), recipient.c_str());
    if (head == nullptr) return {false, false, "out of memory"};
    if (!rcpt) rcpt.reset(head);
  }

  if (curl_ == nullptr) return {false, false, "libcurl failed to start"};
  auto* c = static_cast<CURL*>(curl_);
  // The options of the last mail go; its connection stays for this one.
  curl_easy_reset(c);
  Upload upload{raw};
  std::vector<std::string> replies;
  char error[CURL_ERROR_SIZE] = "";
  curl_easy_setopt(c, CURLOPT_URL, settings.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, settings.from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(
      c, CURLOPT_USE_SSL,
      settings.require_tls ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_TRY));
  if (!settings.user.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings.user.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, kConnectTimeoutSeconds);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, kTotalTimeoutSeconds);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, keep_replies);
  curl_easy_setopt(c, CURLOPT_DEBUGDATA, &replies);
  curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);

  CURLcode code = curl_easy_perform(c);
  long response = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &response);
  std::string reply = response != 0 ? reply_with_code(replies, response) : "";
  if (code == CURLE_OK) return {true, false, reply};

  std::string detail = error[0] != '\0' ? error : curl_easy_strerror(code);
  if (response != 0) detail += " (SMTP " + std::to_string(response) + ")";
  if (!reply.empty()) detail += ": " + reply;
  return {false, response >= 500 && response < 600, detail};
}

}  // namespace embargo::mail
