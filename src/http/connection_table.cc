#include "http/connection_table.h"

#include <algorithm>
#include <boost/asio/post.hpp>

namespace embargo::http {
namespace {

// Which waiting connection goes first: one awaiting a request before one sending a body (which
// has more of the client's work in it), then the one waiting longest.
template <typename Entry>
bool drops_before(const Entry& a, const Entry& b) {
  if (a.phase != b.phase) return a.phase < b.phase;
  return a.since < b.since;
}

}  // namespace

ConnectionLimits default_connection_limits(std::size_t open_files) {
  std::size_t reserved = std::max<std::size_t>(64, open_files / 8);
  std::size_t total = open_files > reserved ? open_files - reserved : 1;
  total = std::min<std::size_t>(total, 10'000);
  return {total, std::clamp<std::size_t>(total / 4, 8, 256)};
}

template <typename Filter>
ConnectionTable::Entries::iterator ConnectionTable::longest_waiting(Filter from) {
  auto chosen = entries_.end();
  for (auto entry = entries_.begin(); entry != entries_.end(); ++entry) {
    if (entry->second.phase == ConnectionPhase::busy || !from(entry->second)) continue;
    if (chosen == entries_.end() || drops_before(entry->second, chosen->second)) chosen = entry;
  }
  return chosen;
}

void ConnectionTable::drop(Entries::iterator entry) {
  if (auto stream = entry->second.stream.lock()) {
    boost::asio::post(stream->get_executor(), [stream] {
      boost::beast::error_code ignored;
      stream->socket().shutdown(boost::asio::ip::tcp::socket::shutdown_both, ignored);
      stream->close();
    });
  }
  forget(entry);
}

void ConnectionTable::forget(Entries::iterator entry) {
  if (entry->second.client) {
    if (--per_client_[*entry->second.client] == 0) per_client_.erase(*entry->second.client);
  }
  entries_.erase(entry);
}

bool ConnectionTable::admit(const std::shared_ptr<Stream>& stream,
                            const std::optional<boost::asio::ip::address>& client) {
  std::lock_guard lock(mutex_);
  if (client && per_client_[*client] >= limits_.per_client) {
    auto own = longest_waiting([&](const Entry& e) { return e.client == client; });
    if (own == entries_.end()) return false;
    drop(own);
  }
  if (entries_.size() >= limits_.total) {
    auto any = longest_waiting([](const Entry&) { return true; });
    if (any == entries_.end()) return false;
    drop(any);
  }
  entries_[stream.get()] = {stream, client, ConnectionPhase::awaiting_request, ++changes_};
  if (client) ++per_client_[*client];
  return true;
}

bool ConnectionTable::set_phase(const Stream* stream, ConnectionPhase phase) {
  std::lock_guard lock(mutex_);
  auto entry = entries_.find(stream);
  if (entry == entries_.end()) return false;  // dropped meanwhile
  entry->second.phase = phase;
  entry->second.since = ++changes_;
  return !(phase == ConnectionPhase::awaiting_request && stopping_);
}

void ConnectionTable::remove(const Stream* stream) {
  std::lock_guard lock(mutex_);
  auto entry = entries_.find(stream);
  if (entry != entries_.end()) forget(entry);
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
    if (entry.phase != ConnectionPhase::awaiting_request) continue;
    if (auto stream = entry.stream.lock()) {
      boost::asio::post(stream->get_executor(), [stream] { stream->cancel(); });
    }
  }
}

bool ConnectionTable::stopping() {
  std::lock_guard lock(mutex_);
  return stopping_;
}

std::size_t ConnectionTable::size() {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

}  // namespace embargo::http
