#include "http/connection_table.h"

#include <algorithm>
#include <boost/asio/post.hpp>

namespace embargo::http {

ConnectionLimits default_connection_limits(std::size_t open_files) {
  std::size_t reserved = std::max<std::size_t>(64, open_files / 8);
  std::size_t total = open_files > reserved ? open_files - reserved : 1;
  total = std::min<std::size_t>(total, 10'000);
  return {total, std::clamp<std::size_t>(total / 4, 8, 256)};
}

template <typename Filter>
ConnectionTable::Entries::iterator ConnectionTable::longest_waiting(Filter from) {
  // Which waiting connection goes first: one awaiting a request before one sending a body
  // (which has more of the client's work in it), then the one waiting longest.
  auto chosen = entries_.end();
  ConnectionPhase chosen_phase = ConnectionPhase::busy;
  std::uint64_t chosen_since = 0;
  for (auto entry = entries_.begin(); entry != entries_.end(); ++entry) {
    ConnectionPhase phase = entry->second->phase_.load();
    if (phase == ConnectionPhase::busy || !from(*entry->second)) continue;
    std::uint64_t since = entry->second->since_.load();
    if (chosen == entries_.end() || phase < chosen_phase ||
        (phase == chosen_phase && since < chosen_since)) {
      chosen = entry;
      chosen_phase = phase;
      chosen_since = since;
    }
  }
  return chosen;
}

void ConnectionTable::drop(Entries::iterator entry) {
  entry->second->dropped_ = true;
  if (auto stream = entry->second->stream_.lock()) {
    boost::asio::post(stream->get_executor(), [stream] {
      boost::beast::error_code ignored;
      stream->socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
      stream->close();
    });
  }
  forget(entry);
}

void ConnectionTable::forget(Entries::iterator entry) {
  if (const auto& client = entry->second->client_) {
    if (--per_client_[*client] == 0) per_client_.erase(*client);
  }
  entries_.erase(entry);
}

std::shared_ptr<ConnectionTable::Entry> ConnectionTable::admit(
    const std::shared_ptr<Stream>& stream, const std::optional<boost::asio::ip::address>& client) {
  std::lock_guard lock(mutex_);
  if (client && per_client_[*client] >= limits_.per_client) {
    auto own = longest_waiting([&](const Entry& e) { return e.client_ == client; });
    if (own == entries_.end()) return nullptr;
    drop(own);
  }
  if (entries_.size() >= limits_.total) {
    auto any = longest_waiting([](const Entry&) { return true; });
    if (any == entries_.end()) return nullptr;
    drop(any);
  }
  auto entry = std::make_shared<Entry>();
  entry->stream_ = stream;
  entry->client_ = client;
  entry->since_ = ++changes_;
  entries_[entry.get()] = entry;
  if (client) ++per_client_[*client];
  return entry;
}

bool ConnectionTable::set_phase(Entry& entry, ConnectionPhase phase) {
  entry.phase_ = phase;
  entry.since_ = ++changes_;
  return !entry.dropped_ && !(phase == ConnectionPhase::awaiting_request && stopping_);
}

void ConnectionTable::remove(const Entry& entry) {
  std::lock_guard lock(mutex_);
  auto found = entries_.find(&entry);
  if (found != entries_.end()) forget(found);
}

bool ConnectionTable::drop_longest_waiting() {
  std::lock_guard lock(mutex_);
  auto any = longest_waiting([](const Entry&) { return true; });
  if (any == entries_.end()) return false;
  drop(any);
  return true;
}

void ConnectionTable::stop() {
  std::lock_guard lock(mutex_);
  stopping_ = true;
  for (auto& [raw, entry] : entries_) {
    if (entry->phase_ != ConnectionPhase::awaiting_request) continue;
    if (auto stream = entry->stream_.lock()) {
      boost::asio::post(stream->get_executor(), [stream] { stream->cancel(); });
    }
  }
}

std::size_t ConnectionTable::size() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace embargo::http
