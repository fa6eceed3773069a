#include "smtp_sink.h"

#include <stdlib.h>

#include <algorithm>
#include <boost/json.hpp>
#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace embargo::testing {
namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::filesystem::path> received(const std::filesystem::path& directory) {
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    if (entry.path().extension() == ".eml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

SmtpSink::SmtpSink(const SmtpSinkOptions& options) {
  std::string scratch =
      (std::filesystem::temp_directory_path() / "embargo-smtp-sink-XXXXXX").string();
  if (mkdtemp(scratch.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  directory_ = scratch;
  std::string script = std::string(EMBARGO_SOURCE_DIR) + "/tests/support/smtp_sink.py";
  std::vector<std::string> argv = {"/usr/bin/python3", script, directory_.string(), "--fail-first",
                                   std::to_string(options.fail_first)};
  for (const auto& address : options.reject) {
    argv.push_back("--reject");
    argv.push_back(address);
  }
  process_ = std::make_unique<Process>(argv);
  // aiosmtpd may warn on stderr (merged into the pipe) before it says where it listens.
  const std::regex listening(R"(listening on (\d+))");
  for (int i = 0; i < 50 && port_ == 0; ++i) {
    std::string line = process_->read_line(std::chrono::seconds(10));
    std::smatch m;
    if (std::regex_search(line, m, listening)) {
      port_ = static_cast<unsigned short>(std::stoi(m[1]));
    } else if (line.empty()) {
      break;
    }
  }
  if (port_ == 0) {
    stop();
    std::filesystem::remove_all(directory_);
    throw std::runtime_error("the SMTP sink did not start (is python3-aiosmtpd installed?)");
  }
}

SmtpSink::~SmtpSink() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::vector<SinkMessage> SmtpSink::messages() const {
  std::vector<SinkMessage> messages;
  for (const auto& eml : received(directory_)) {
    SinkMessage message;
    message.name = eml.stem().string();
    message.raw = read_file(eml);
    auto envelope = boost::json::parse(read_file(eml.parent_path() / (message.name + ".json")));
    message.mail_from = boost::json::value_to<std::string>(envelope.at("mail_from"));
    message.rcpt_tos = boost::json::value_to<std::vector<std::string>>(envelope.at("rcpt_tos"));
    messages.push_back(std::move(message));
  }
  return messages;
}

bool SmtpSink::wait_for(std::size_t count, std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (received(directory_).size() < count) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

void SmtpSink::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(5));
  process_.reset();
}

}  // namespace embargo::testing
