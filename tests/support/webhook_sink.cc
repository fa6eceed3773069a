#include "webhook_sink.h"

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
    if (entry.path().extension() == ".json") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

WebhookSink::WebhookSink(const WebhookSinkOptions& options) {
  std::string scratch =
      (std::filesystem::temp_directory_path() / "embargo-webhook-sink-XXXXXX").string();
  if (mkdtemp(scratch.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  directory_ = scratch;
  std::string script = std::string(EMBARGO_SOURCE_DIR) + "/tests/support/webhook_sink.py";
  process_ = std::make_unique<Process>(std::vector<std::string>{
      "/usr/bin/python3", script, directory_.string(), "--fail-first",
      std::to_string(options.fail_first), "--status", std::to_string(options.status)});
  const std::regex listening(R"(listening on (\d+))");
  std::string line = process_->read_line(std::chrono::seconds(10));
  std::smatch m;
  if (std::regex_search(line, m, listening)) port_ = static_cast<unsigned short>(std::stoi(m[1]));
  if (port_ == 0) {
    stop();
    std::filesystem::remove_all(directory_);
    throw std::runtime_error("the webhook sink did not start: " + line);
  }
}

WebhookSink::~WebhookSink() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::vector<SinkRequest> WebhookSink::requests() const {
  std::vector<SinkRequest> requests;
  for (const auto& file : received(directory_)) {
    SinkRequest request;
    request.name = file.stem().string();
    auto meta = boost::json::parse(read_file(file)).as_object();
    request.path = boost::json::value_to<std::string>(meta.at("path"));
    request.headers = boost::json::value_to<std::map<std::string, std::string>>(meta.at("headers"));
    request.body = read_file(file.parent_path() / (request.name + ".body"));
    requests.push_back(std::move(request));
  }
  return requests;
}

bool WebhookSink::wait_for(std::size_t count, std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (received(directory_).size() < count) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

void WebhookSink::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(5));
  process_.reset();
}

}  // namespace embargo::testing
