#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace embargo::mail {

// Where the outbox delivers: `embargo settings mail`.
struct SmtpSettings {
  std::string url;           // smtp://host:port (STARTTLS when offered) or smtps://host:port
  std::string from;          // envelope sender and From address
  std::string user;          // empty: no authentication
  std::string password;      // opened from its sealed form only to send
  bool require_tls = false;  // refuse to send in clear when the server offers no STARTTLS
};

// The outcome of one delivery attempt: permanent failures (5xx) are not retried.
struct SmtpResult {
  bool sent = false;
  bool permanent = false;
  std::string detail;  // the server's last reply or the transport error
};

// An SMTP client through libcurl that keeps its connection from one mail to the next (libcurl
// reuses it while the server has not closed it, and opens a new one when it has), so that a pass
// of the outbox pays the connection, EHLO, STARTTLS and AUTH once rather than per mail. Each
// mail has a connect and a total timeout, so that a dead server never holds the sender for long.
// One thread at a time.
class SmtpClient {
 public:
  explicit SmtpClient(SmtpSettings settings);
  ~SmtpClient();
  SmtpClient(const SmtpClient&) = delete;
  SmtpClient& operator=(const SmtpClient&) = delete;

  // Delivers `raw` (RFC 5322 bytes ending in CRLF) to the recipients.
  SmtpResult send(const std::vector<std::string>& recipients, std::string_view raw);

 private:
  SmtpSettings settings_;
  void* curl_ = nullptr;  // the CURL easy handle, which holds the connection
};

// One mail on a connection of its own.
SmtpResult send_smtp(const SmtpSettings& settings, const std::vector<std::string>& recipients,
                     std::string_view raw);

}  // namespace embargo::mail
