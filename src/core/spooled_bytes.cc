#include "core/spooled_bytes.h"

#include <algorithm>
#include <stdexcept>
#include <utility>
#include <vector>

namespace embargo {

SpooledBytes::SpooledBytes(std::string bytes) : memory_(std::move(bytes)) {}

SpooledBytes::SpooledBytes(std::string_view bytes) : memory_(bytes) {}

SpooledBytes::SpooledBytes(const char* bytes) : memory_(bytes) {}

SpooledBytes::SpooledBytes(std::shared_ptr<const TemporaryFile> file)
    : file_(file), source_(std::move(file)) {}

SpooledBytes::SpooledBytes(std::shared_ptr<const ByteSource> source) : source_(std::move(source)) {}

void SpooledBytes::spool_above(std::uint64_t threshold, std::string directory) {
  threshold_ = threshold;
  directory_ = std::move(directory);
}

void SpooledBytes::expect(std::uint64_t length) {
  if (source_ == nullptr && memory_.size() + length > threshold_) {
    spooling_ = std::make_shared<TemporaryFile>(directory_);
    file_ = spooling_;
    source_ = spooling_;
    spooling_->append(memory_);
    std::string().swap(memory_);
  }
}

void SpooledBytes::append(std::string_view bytes) {
  if (source_ != nullptr && spooling_ == nullptr) {
    throw std::logic_error("bytes read from elsewhere are not appended to");
  }
  expect(bytes.size());
  if (spooling_ != nullptr) {
    spooling_->append(bytes);
  } else {
    memory_.append(bytes);
  }
}

std::uint64_t SpooledBytes::size() const {
  return source_ != nullptr ? source_->size() : memory_.size();
}

std::string_view SpooledBytes::memory() const {
  if (source_ != nullptr) throw std::logic_error("the bytes are in a file, not in memory");
  return memory_;
}

const TemporaryFile& SpooledBytes::file() const {
  if (file_ == nullptr) throw std::logic_error("the bytes are not in a temporary file");
  return *file_;
}

const ByteSource& SpooledBytes::source() const {
  if (source_ == nullptr) throw std::logic_error("the bytes are in memory");
  return *source_;
}

void SpooledBytes::for_each_piece(const std::function<void(std::string_view)>& piece) const {
  if (source_ == nullptr) {
    std::string_view rest = memory_;
    while (!rest.empty()) {
      std::size_t count = std::min(rest.size(), kPieceBytes);
      piece(rest.substr(0, count));
      rest.remove_prefix(count);
    }
    return;
  }
  std::vector<char> buffer(kPieceBytes);
  for (std::uint64_t at = 0; at < source_->size();) {
    std::size_t got = source_->read_at(at, buffer.data(), buffer.size());
    if (got == 0) throw std::runtime_error("spooled bytes are shorter than they were");
    piece(std::string_view(buffer.data(), got));
    at += got;
  }
}

std::string SpooledBytes::head(std::size_t count) const {
  if (source_ == nullptr) return memory_.substr(0, count);
  std::string out(static_cast<std::size_t>(std::min<std::uint64_t>(count, source_->size())), '\0');
  std::size_t filled = 0;
  while (filled < out.size()) {
    std::size_t got = source_->read_at(filled, out.data() + filled, out.size() - filled);
    if (got == 0) break;
    filled += got;
  }
  out.resize(filled);
  return out;
}

std::string SpooledBytes::str() const {
  if (source_ == nullptr) return memory_;
  std::string out;
  out.reserve(static_cast<std::size_t>(source_->size()));
  for_each_piece([&](std::string_view piece) { out.append(piece); });
  return out;
}

std::string SpooledBytes::into_string() && {
  if (source_ == nullptr) return std::move(memory_);
  return str();
}

bool operator==(const SpooledBytes& spooled, std::string_view bytes) {
  if (spooled.size() != bytes.size()) return false;
  std::size_t at = 0;
  bool same = true;
  spooled.for_each_piece([&](std::string_view piece) {
    same = same && bytes.substr(at, piece.size()) == piece;
    at += piece.size();
  });
  return same;
}

}  // namespace embargo
