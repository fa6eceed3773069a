#include "smtp_sink.h"

#include <boost/json.hpp>
#include <cstdint>

namespace embargo::testing {
namespace {

std::vector<std::string> sink_arguments(const SmtpSinkOptions& options) {
  std::vector<std::string> args = {"--fail-first", std::to_string(options.fail_first)};
  for (const auto& address : options.reject) {
    args.push_back("--reject");
    args.push_back(address);
  }
  return args;
}

}  // namespace

SmtpSink::SmtpSink(const SmtpSinkOptions& options)
    : server_("smtp_sink.py", sink_arguments(options), "is python3-aiosmtpd installed?") {}

std::vector<SinkMessage> SmtpSink::messages() const {
  std::vector<SinkMessage> messages;
  for (const auto& eml : server_.files(".eml")) {
    SinkMessage message;
    message.name = eml.stem().string();
    message.raw = ScriptServer::read(eml);
    auto envelope =
        boost::json::parse(ScriptServer::read(eml.parent_path() / (message.name + ".json")));
    message.mail_from = boost::json::value_to<std::string>(envelope.at("mail_from"));
    message.rcpt_tos = boost::json::value_to<std::vector<std::string>>(envelope.at("rcpt_tos"));
    message.client_port = static_cast<int>(envelope.at("client_port").to_number<std::int64_t>());
    messages.push_back(std::move(message));
  }
  return messages;
}

bool SmtpSink::wait_for(std::size_t count, std::chrono::milliseconds timeout) const {
  return server_.wait_for(".eml", count, timeout);
}

}  // namespace embargo::testing
