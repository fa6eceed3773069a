#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "script_server.h"

namespace embargo::testing {

// One request the receiver got: its path, headers (names in lower case) and body as received.
struct SinkRequest {
  std::string name;  // "0001", in the order of arrival
  std::string path;
  std::map<std::string, std::string> headers;
  std::string body;
};

struct WebhookSinkOptions {
  int fail_first = 0;  // answer 500 to this many requests first
  int status = 200;    // then answer this
};

// A real HTTP server (tests/support/webhook_sink.py, Python's http.server) on 127.0.0.1 and a
// free port, keeping every request it receives in a scratch directory removed with it.
class WebhookSink {
 public:
  explicit WebhookSink(const WebhookSinkOptions& options = {});
  WebhookSink(const WebhookSink&) = delete;
  WebhookSink& operator=(const WebhookSink&) = delete;

  std::string url(const std::string& path = "/hook") const {
    return "http://127.0.0.1:" + std::to_string(server_.port()) + path;
  }
  // Every request received so far, sorted by name.
  std::vector<SinkRequest> requests() const;
  // Whether `count` requests have arrived within `timeout`.
  bool wait_for(std::size_t count, std::chrono::milliseconds timeout) const;

 private:
  ScriptServer server_;
};

}  // namespace embargo::testing
