#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <string>
#include <unordered_map>

#include "http/router.h"

namespace embargo::http {

// Public answers kept ready to send, so that the I/O thread answers a request for a policy page,
// security.txt or a static file itself, without the hop to the worker pool, the store or a copy
// of the page: the bytes of the whole answer (status line, headers, body) are written as they
// are. An answer is kept only when its handler made it shareable by any cache (200, a strong
// ETag, Cache-Control "public", no cookie) and only for the store's data generation and the day
// (UTC) it was made at: a page depends on nothing else (PageCache's versions are made of the
// programs' revisions, the publications and the day). Bounded: past `most` targets the memo
// starts again empty. Thread-safe.
class ResponseMemo {
 public:
  explicit ResponseMemo(std::size_t most = 1024) : most_(most) {}

  // The bytes answering `request` (a GET or HEAD over a persistent HTTP/1.1 connection, with
  // or without If-None-Match) from what was kept for its target at `generation` and `day`, with
  // the answer's status; null when nothing fits.
  std::shared_ptr<const std::string> answer(const Request& request, std::uint64_t generation,
                                            std::int64_t day, unsigned& status) const;

  // Keeps `response` (finished: every header as sent) to `request` if it may be kept.
  void keep(const Request& request, const Response& response, std::uint64_t generation,
            std::int64_t day);

  std::size_t size() const;

 private:
  struct Kept {
    std::uint64_t generation;
    std::int64_t day;
    std::string etag;
    std::shared_ptr<const std::string> ok;            // 200 with the body
    std::shared_ptr<const std::string> head;          // its header alone, for HEAD
    std::shared_ptr<const std::string> not_modified;  // 304 for If-None-Match
  };

  const std::size_t most_;
  mutable std::shared_mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Kept>> kept_;
};

}  // namespace embargo::http
