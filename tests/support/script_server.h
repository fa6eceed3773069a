#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "process.h"

namespace embargo::testing {

// A real server written in Python for the tests (/usr/bin/python3 tests/support/SCRIPT DIR
// ARGS...: the SMTP sink, the webhook receiver) that writes what it receives as files into a
// scratch directory and says "listening on PORT" once it accepts connections. The directory is
// removed with it.
class ScriptServer {
 public:
  // Throws std::runtime_error with `hint` when the server never says where it listens.
  ScriptServer(const std::string& script, const std::vector<std::string>& args,
               const std::string& hint);
  ~ScriptServer();
  ScriptServer(const ScriptServer&) = delete;
  ScriptServer& operator=(const ScriptServer&) = delete;

  unsigned short port() const { return port_; }
  // The files it wrote with this extension (".eml"), sorted by name.
  std::vector<std::filesystem::path> files(std::string_view extension) const;
  // Whether `count` such files exist within `timeout`.
  bool wait_for(std::string_view extension, std::size_t count,
                std::chrono::milliseconds timeout) const;
  // Ends the server (SIGTERM, then SIGKILL if it lingers); the files stay readable.
  void stop();
  // The bytes of one of its files ("" when it cannot be read).
  static std::string read(const std::filesystem::path& path);

 private:
  std::filesystem::path directory_;
  std::unique_ptr<Process> process_;
  unsigned short port_ = 0;
};

}  // namespace embargo::testing
