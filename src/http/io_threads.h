#pragma once

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <cstddef>
#include <memory>
#include <vector>

namespace embargo::http {

// The server's I/O threads, one io_context each, a new connection going to each in turn (the
// io_context-per-thread design of Beast's examples): a connection's coroutine always runs on
// the same thread, so it needs no strand, and the threads share no scheduler queue and its lock.
class IoThreads {
 public:
  explicit IoThreads(std::size_t count);

  // Where the acceptor and the signals live.
  boost::asio::io_context& first() { return *contexts_.front(); }
  // The context for the next connection; called by the accept loop alone.
  boost::asio::io_context& next();

  // Runs every context on a thread of its own (the first on the caller's) until stop().
  void run();
  void stop();

 private:
  using WorkGuard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
  std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
  std::vector<WorkGuard> idle_guards_;  // keep a context without connections running
  std::size_t next_ = 0;
};

}  // namespace embargo::http
