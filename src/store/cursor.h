#pragma once

#include <cstdint>
#include <string>
#include <variant>

namespace embargo::store {

// Where a page of reports ended. Lists run newest first by (received_at, key); searches run best
// match first by (score, key), score being FTS5's bm25 (lower is better); the queue runs by
// (due, received_at, key), due being the due time or INT64_MAX when nothing is due; by severity
// by (rank, received_at, key), rank 0 for critical to 4 for unrated; by change, newest first by
// (updated_at, key).
struct TimeCursor {
  std::int64_t received_at = 0;
  std::int64_t key = 0;
};
struct ScoreCursor {
  double score = 0;
  std::int64_t key = 0;
};
struct DueCursor {
  std::int64_t due = 0;
  std::int64_t received_at = 0;
  std::int64_t key = 0;
};
struct SeverityCursor {
  std::int64_t rank = 0;
  std::int64_t received_at = 0;
  std::int64_t key = 0;
};
struct UpdatedCursor {
  std::int64_t updated_at = 0;
  std::int64_t key = 0;
};
using Cursor = std::variant<TimeCursor, ScoreCursor, DueCursor, SeverityCursor, UpdatedCursor>;

// Opaque to clients: base64url of "t:<received>:<key>", "s:<score>:<key>",
// "d:<due>:<received>:<key>", "v:<rank>:<received>:<key>" or "u:<updated>:<key>".
std::string encode_cursor(const Cursor& cursor);
// Throws Refusal (invalid, "after") for anything encode_cursor did not produce.
Cursor decode_cursor(const std::string& text);

}  // namespace embargo::store
