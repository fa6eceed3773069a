#include "http/io_threads.h"

#include <thread>

namespace embargo::http {

IoThreads::IoThreads(std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    contexts_.push_back(std::make_unique<boost::asio::io_context>(1));
    idle_guards_.push_back(boost::asio::make_work_guard(*contexts_.back()));
  }
}

boost::asio::io_context& IoThreads::next() {
  auto& context = *contexts_[next_];
  next_ = (next_ + 1) % contexts_.size();
  return context;
}

void IoThreads::run() {
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < contexts_.size(); ++i) {
    threads.emplace_back([context = contexts_[i].get()] { context->run(); });
  }
  contexts_.front()->run();
  for (auto& thread : threads) thread.join();
}

void IoThreads::stop() {
  for (auto& context : contexts_) context->stop();
}

}  // namespace embargo::http
