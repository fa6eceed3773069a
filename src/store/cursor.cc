#include "store/cursor.h"

#include <fmt/format.h>
#include <sodium.h>

#include <charconv>
#include <cmath>
#include <string_view>

#include "core/error.h"

namespace embargo::store {
namespace {

constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

Refusal bad_cursor() {
  return invalid("after",
                 "the cursor is not one this server issued; start again from the first page");
}

template <typename Number>
Number parse_number(std::string_view text) {
  Number value{};
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) throw bad_cursor();
  return value;
}

}  // namespace

std::string encode_cursor(const Cursor& cursor) {
  std::string plain = std::visit(
      [](const auto& c) {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, TimeCursor>) {
          return fmt::format("t:{}:{}", c.received_at, c.key);
        } else if constexpr (std::is_same_v<C, DueCursor>) {
          return fmt::format("d:{}:{}:{}", c.due, c.received_at, c.key);
        } else if constexpr (std::is_same_v<C, SeverityCursor>) {
          return fmt::format("v:{}:{}:{}", c.rank, c.received_at, c.key);
        } else if constexpr (std::is_same_v<C, UpdatedCursor>) {
          return fmt::format("u:{}:{}", c.updated_at, c.key);
        } else {
          return fmt::format("s:{}:{}", c.score, c.key);  // shortest text that reads back exactly
        }
      },
      cursor);
  std::string text(sodium_base64_ENCODED_LEN(plain.size(), kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), reinterpret_cast<const unsigned char*>(plain.data()),
                    plain.size(), kVariant);
  text.resize(text.find('\0'));
  return text;
}

Cursor decode_cursor(const std::string& text) {
  if (text.size() > 200) throw bad_cursor();
  std::string plain(text.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(plain.data()), plain.size(), text.data(),
                        text.size(), nullptr, &length, nullptr, kVariant) != 0) {
    throw bad_cursor();
  }
  plain.resize(length);
  std::string_view view(plain);
  auto second_colon = view.find(':', 2);
  if (view.size() < 5 || view[1] != ':' || second_colon == std::string_view::npos) {
    throw bad_cursor();
  }
  std::string_view first = view.substr(2, second_colon - 2);
  if (view[0] == 'd' || view[0] == 'v') {
    std::string_view rest = view.substr(second_colon + 1);
    auto third_colon = rest.find(':');
    if (third_colon == std::string_view::npos) throw bad_cursor();
    auto head = parse_number<std::int64_t>(first);
    auto received = parse_number<std::int64_t>(rest.substr(0, third_colon));
    auto key = parse_number<std::int64_t>(rest.substr(third_colon + 1));
    if (view[0] == 'd') return DueCursor{head, received, key};
    if (head < 0 || head > 4) throw bad_cursor();
    return SeverityCursor{head, received, key};
  }
  auto key = parse_number<std::int64_t>(view.substr(second_colon + 1));
  if (view[0] == 't') return TimeCursor{parse_number<std::int64_t>(first), key};
  if (view[0] == 'u') return UpdatedCursor{parse_number<std::int64_t>(first), key};
  if (view[0] == 's') {
    auto score = parse_number<double>(first);
    if (!std::isfinite(score)) throw bad_cursor();
    return ScoreCursor{score, key};
  }
  throw bad_cursor();
}

}  // namespace embargo::store
