#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "script_server.h"

namespace embargo::testing {

// One message the sink accepted: the DATA bytes as received (dot-unstuffed) and its envelope.
struct SinkMessage {
  std::string name;  // "0001", in the order of arrival
  std::string raw;
  std::string mail_from;
  std::vector<std::string> rcpt_tos;
  int client_port = 0;  // the client's side of the connection it came on
};

struct SmtpSinkOptions {
  int fail_first = 0;               // answer 451 to this many DATA commands first
  std::vector<std::string> reject;  // answer 550 to RCPT TO for these addresses
};

// A real SMTP server (tests/support/smtp_sink.py, aiosmtpd) on 127.0.0.1 and a free port,
// keeping what it receives in a scratch directory removed with it.
class SmtpSink {
 public:
  explicit SmtpSink(const SmtpSinkOptions& options = {});
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;

  unsigned short port() const { return server_.port(); }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(server_.port()); }
  // Every message received so far, sorted by name.
  std::vector<SinkMessage> messages() const;
  // Whether `count` messages have arrived within `timeout`.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout) const;
  // Ends the server (SIGTERM, then SIGKILL if it lingers); the messages stay readable.
  void stop() { server_.stop(); }

 private:
  ScriptServer server_;
};

}  // namespace embargo::testing
