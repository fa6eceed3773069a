#pragma once

#include <cstddef>
#include <cstdint>

namespace embargo {

// Bytes that are read a piece at a time from where they are kept (a temporary file, a file in
// the store): what lets a large upload or download pass through without being held whole.
class ByteSource {
 public:
  virtual ~ByteSource() = default;

  virtual std::uint64_t size() const = 0;
  // Reads up to `size` bytes from `offset` into `out`; returns how many (0 past the end).
  // Throws std::runtime_error (std::system_error for the system's errors) when they are gone.
  virtual std::size_t read_at(std::uint64_t offset, char* out, std::size_t size) const = 0;
};

}  // namespace embargo
