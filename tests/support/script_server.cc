#include "script_server.h"

#include <stdlib.h>

#include <algorithm>
#include <csignal>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace embargo::testing {

ScriptServer::ScriptServer(const std::string& script, const std::vector<std::string>& args,
                           const std::string& hint) {
  std::string scratch = (std::filesystem::temp_directory_path() / "embargo-sink-XXXXXX").string();
  if (mkdtemp(scratch.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
  directory_ = scratch;
  std::vector<std::string> argv = {"/usr/bin/python3",
                                   std::string(EMBARGO_SOURCE_DIR) + "/tests/support/" + script,
                                   directory_.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  process_ = std::make_unique<Process>(argv);
  // A library may warn on stderr (merged into the pipe) before the server says where it listens.
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
    throw std::runtime_error(script + " did not start (" + hint + ")");
  }
}

ScriptServer::~ScriptServer() {
  stop();
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
}

std::vector<std::filesystem::path> ScriptServer::files(std::string_view extension) const {
  std::vector<std::filesystem::path> found;
  for (const auto& entry : std::filesystem::directory_iterator(directory_)) {
    if (entry.path().extension() == extension) found.push_back(entry.path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

bool ScriptServer::wait_for(std::string_view extension, std::size_t count,
                            std::chrono::milliseconds timeout) const {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (files(extension).size() < count) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

void ScriptServer::stop() {
  if (!process_) return;
  process_->signal(SIGTERM);
  process_->wait(std::chrono::seconds(5));
  process_.reset();
}

std::string ScriptServer::read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace embargo::testing
