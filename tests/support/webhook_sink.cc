#include "webhook_sink.h"

#include <boost/json.hpp>

namespace embargo::testing {

WebhookSink::WebhookSink(const WebhookSinkOptions& options)
    : server_("webhook_sink.py",
              {"--fail-first", std::to_string(options.fail_first), "--status",
               std::to_string(options.status)},
              "a Python http.server") {}

std::vector<SinkRequest> WebhookSink::requests() const {
  std::vector<SinkRequest> requests;
  for (const auto& file : server_.files(".json")) {
    SinkRequest request;
    request.name = file.stem().string();
    auto meta = boost::json::parse(ScriptServer::read(file)).as_object();
    request.path = boost::json::value_to<std::string>(meta.at("path"));
    request.headers = boost::json::value_to<std::map<std::string, std::string>>(meta.at("headers"));
    request.body = ScriptServer::read(file.parent_path() / (request.name + ".body"));
    requests.push_back(std::move(request));
  }
  return requests;
}

bool WebhookSink::wait_for(std::size_t count, std::chrono::milliseconds timeout) const {
  return server_.wait_for(".json", count, timeout);
}

}  // namespace embargo::testing
