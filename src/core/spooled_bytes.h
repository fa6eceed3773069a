#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <string_view>

#include "core/temporary_file.h"

namespace embargo {

// Bytes held in memory while small and moved to a TemporaryFile once they pass a threshold (a
// request body, an uploaded file), or read from where they are kept (a ByteSource: a file in the
// store being downloaded). They are read in pieces, so checking, digesting, storing and sending
// a file of any size costs one piece of memory. A copy shares the file: bytes are appended only
// while they are being received, before anything copies them.
class SpooledBytes {
 public:
  // How many bytes for_each_piece hands over at a time.
  static constexpr std::size_t kPieceBytes = std::size_t{64} * 1024;

  SpooledBytes() = default;
  // Bytes given whole are held in memory.
  SpooledBytes(std::string bytes);       // NOLINT(google-explicit-constructor)
  SpooledBytes(std::string_view bytes);  // NOLINT(google-explicit-constructor)
  SpooledBytes(const char* bytes);       // NOLINT(google-explicit-constructor)
  explicit SpooledBytes(std::shared_ptr<const TemporaryFile> file);
  explicit SpooledBytes(std::shared_ptr<const ByteSource> source);

  // From now on, bytes appended past `threshold` move everything to a TemporaryFile in
  // `directory`.
  void spool_above(std::uint64_t threshold, std::string directory);
  // Says `length` bytes are coming: over the threshold, they go to the file from the first one.
  void expect(std::uint64_t length);
  // Adds bytes at the end; throws std::system_error when the file cannot take them.
  void append(std::string_view bytes);

  std::uint64_t size() const;
  bool empty() const { return size() == 0; }
  // Whether the bytes are elsewhere than in memory (a file, a source).
  bool spooled() const { return source_ != nullptr; }

  // The bytes, when they are in memory; throws std::logic_error when they are spooled.
  std::string_view memory() const;
  // The temporary file holding them; throws std::logic_error when they are anywhere else.
  const TemporaryFile& file() const;
  // Where spooled bytes are read from; throws std::logic_error when they are in memory.
  const ByteSource& source() const;

  // Calls `piece` with the bytes in order, at most kPieceBytes at a time.
  void for_each_piece(const std::function<void(std::string_view)>& piece) const;
  // The first `count` bytes (fewer when there are fewer).
  std::string head(std::size_t count) const;
  // All the bytes in one string, read from the file when spooled: for bytes known to be small.
  std::string str() const;
  std::string into_string() &&;

  // Whether these are exactly `bytes`.
  friend bool operator==(const SpooledBytes& spooled, std::string_view bytes);

 private:
  std::string memory_;
  std::shared_ptr<TemporaryFile> spooling_;  // the file being appended to, while receiving
  std::shared_ptr<const TemporaryFile> file_;
  std::shared_ptr<const ByteSource> source_;  // file_, or bytes kept elsewhere
  std::uint64_t threshold_ = std::numeric_limits<std::uint64_t>::max();
  std::string directory_;
};

}  // namespace embargo
