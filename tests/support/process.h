#pragma once

#include <signal.h>
#include <sys/types.h>

#include <array>
#include <chrono>
#include <string>
#include <vector>

namespace embargo::testing {

// Starts the program argv[0] with arguments argv, its standard input, output and error
// (`streams`, in that order) being this process's descriptors, or its own where one is -1.
// It uses posix_spawn rather than fork: a fork would make every page of the test process
// copy-on-write, and the test's next write to each of them a page fault. Throws when the program
// cannot start.
pid_t spawn(const std::vector<std::string>& argv, const std::array<int, 3>& streams);

// A child process running the real `embargo` binary, its standard output and error merged
// into a pipe that the test reads line by line.
class Process {
 public:
  explicit Process(const std::vector<std::string>& argv);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;

  // The next line the process wrote, waiting at most `timeout`; empty on timeout or end.
  std::string read_line(std::chrono::milliseconds timeout);
  void signal(int sig);
  // Waits for the process to end; returns its exit status, or -1 if it is still running after
  // `timeout` (it is then killed).
  int wait(std::chrono::milliseconds timeout);
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  std::string buffer_;
};

// Runs a command to completion and returns its exit status.
int run_command(const std::string& command);

// The port an `embargo serve --listen 127.0.0.1:0` child says it listens on ("listening on
// http://127.0.0.1:PORT"), reading its output for up to ten seconds a line; 0 if it never says.
unsigned short listening_port(Process& server);

}  // namespace embargo::testing
