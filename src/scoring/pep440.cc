#include "scoring/pep440.h"

#include <algorithm>
#include <array>

#include "scoring/version_text.h"

namespace embargo::scoring {
namespace {

bool is_separator(char c) { return c == '-' || c == '_' || c == '.'; }

// The length of the whitespace character (Python's Unicode \s, which the reference regex of
// pypa/packaging strips around a version) that `text` starts or ends with, or 0.
std::size_t whitespace_length(std::string_view text, bool at_end) {
  static constexpr std::array<std::string_view, 29> kSpaces = {" ",
                                                               "\t",
                                                               "\n",
                                                               "\v",
                                                               "\f",
                                                               "\r",
                                                               "\x1c",
                                                               "\x1d",
                                                               "\x1e",
                                                               "\x1f",
                                                               "\xc2\x85",
                                                               "\xc2\xa0",
                                                               "\xe1\x9a\x80",
                                                               "\xe2\x80\x80",
                                                               "\xe2\x80\x81",
                                                               "\xe2\x80\x82",
                                                               "\xe2\x80\x83",
                                                               "\xe2\x80\x84",
                                                               "\xe2\x80\x85",
                                                               "\xe2\x80\x86",
                                                               "\xe2\x80\x87",
                                                               "\xe2\x80\x88",
                                                               "\xe2\x80\x89",
                                                               "\xe2\x80\x8a",
                                                               "\xe2\x80\xa8",
                                                               "\xe2\x80\xa9",
                                                               "\xe2\x80\xaf",
                                                               "\xe2\x81\x9f",
                                                               "\xe3\x80\x80"};
  for (std::string_view space : kSpaces) {
    if (at_end ? text.ends_with(space) : text.starts_with(space)) return space.size();
  }
  return 0;
}

// A cursor over the lowercased version text that remembers the original offset for errors.
class Scanner {
 public:
  Scanner(std::string_view text, std::size_t offset) : text_(text), offset_(offset) {}

  bool done() const { return pos_ == text_.size(); }
  char peek(std::size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  std::size_t position() const { return offset_ + pos_; }
  std::size_t mark() const { return pos_; }
  void reset(std::size_t mark) { pos_ = mark; }
  void advance() { ++pos_; }

  bool take_word(std::string_view word) {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  bool take_separator() {
    if (!is_separator(peek())) return false;
    ++pos_;
    return true;
  }
  std::string_view take_digits() {
    const std::size_t start = pos_;
    while (is_ascii_digit(peek())) ++pos_;
    return text_.substr(start, pos_ - start);
  }

 private:
  std::string_view text_;
  std::size_t offset_;
  std::size_t pos_ = 0;
};

std::optional<std::uint64_t> read_number(Scanner& in, std::string_view what, std::string* error) {
  const std::size_t at = in.position();
  const auto value = parse_decimal(in.take_digits());
  if (!value) return fail_at(error, "the " + std::string(what) + " number overflows 64 bits", at);
  return value;
}

// The first spelling in `words` found at the cursor, in the PEP regex's alternation order.
template <std::size_t N>
std::optional<std::size_t> take_any(Scanner& in, const std::array<std::string_view, N>& words) {
  for (std::size_t i = 0; i < N; ++i) {
    if (in.take_word(words[i])) return i;
  }
  return std::nullopt;
}

// An optional number after a label, with an optional separator between them; a label without a
// number means 0.
std::optional<std::uint64_t> read_label_number(Scanner& in, std::string_view what,
                                               std::string* error) {
  in.take_separator();
  if (!is_ascii_digit(in.peek())) return 0;
  return read_number(in, what, error);
}

bool read_pre(Scanner& in, Pep440Version* version, std::string* error) {
  static constexpr std::array<std::string_view, 8> kSpellings = {"alpha",   "a",   "beta", "b",
                                                                 "preview", "pre", "c",    "rc"};
  static constexpr std::array<Pep440Version::PreKind, 8> kKinds = {
      Pep440Version::PreKind::alpha,
      Pep440Version::PreKind::alpha,
      Pep440Version::PreKind::beta,
      Pep440Version::PreKind::beta,
      Pep440Version::PreKind::release_candidate,
      Pep440Version::PreKind::release_candidate,
      Pep440Version::PreKind::release_candidate,
      Pep440Version::PreKind::release_candidate};
  const std::size_t start = in.mark();
  in.take_separator();
  const auto label = take_any(in, kSpellings);
  if (!label) {
    in.reset(start);
    return true;
  }
  const auto number = read_label_number(in, "pre-release", error);
  if (!number) return false;
  version->pre = Pep440Version::Pre{kKinds[*label], *number};
  return true;
}

bool read_post(Scanner& in, Pep440Version* version, std::string* error) {
  static constexpr std::array<std::string_view, 3> kSpellings = {"post", "rev", "r"};
  const std::size_t start = in.mark();
  if (in.peek() == '-' && is_ascii_digit(in.peek(1))) {
    in.advance();
    const auto number = read_number(in, "post-release", error);
    if (!number) return false;
    version->post = *number;
    return true;
  }
  in.take_separator();
  if (!take_any(in, kSpellings)) {
    in.reset(start);
    return true;
  }
  const auto number = read_label_number(in, "post-release", error);
  if (!number) return false;
  version->post = *number;
  return true;
}

bool read_dev(Scanner& in, Pep440Version* version, std::string* error) {
  static constexpr std::array<std::string_view, 1> kSpellings = {"dev"};
  const std::size_t start = in.mark();
  in.take_separator();
  if (!take_any(in, kSpellings)) {
    in.reset(start);
    return true;
  }
  const auto number = read_label_number(in, "development release", error);
  if (!number) return false;
  version->dev = *number;
  return true;
}

bool all_digits(const std::string& s) { return std::all_of(s.begin(), s.end(), is_ascii_digit); }

bool read_local(Scanner& in, Pep440Version* version, std::string* error) {
  while (true) {
    std::string segment;
    const std::size_t at = in.position();
    while (is_ascii_digit(in.peek()) || is_ascii_alpha(in.peek())) {
      segment += in.peek();
      in.advance();
    }
    if (segment.empty()) {
      fail_at(error, "expected a letter or digit in the local version", at);
      return false;
    }
    // The canonical form writes numeric segments as numbers: "+01" is "+1".
    if (all_digits(segment)) {
      const std::size_t zeros = std::min(segment.find_first_not_of('0'), segment.size() - 1);
      segment.erase(0, zeros);
    }
    version->local.push_back(std::move(segment));
    if (!in.take_separator()) return true;
  }
}

template <typename T>
int three_way(const T& a, const T& b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

// PEP 440 local ordering: segment by segment, numbers above words, a longer run wins ties.
int compare_local(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::size_t n = std::min(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const bool a_numeric = all_digits(a[i]);
    const bool b_numeric = all_digits(b[i]);
    if (a_numeric != b_numeric) return a_numeric ? 1 : -1;
    const int c = a_numeric ? compare_decimal_strings(a[i], b[i]) : three_way(a[i], b[i]);
    if (c != 0) return c;
  }
  return three_way(a.size(), b.size());
}

// The sort keys PEP 440 defines for the optional parts, as (present rank, number) pairs where the
// rank places a missing part where the PEP says: 1.0.dev0 < 1.0a0 < 1.0 < 1.0.post0.
struct PartKey {
  int rank;
  std::uint64_t number;
  auto operator<=>(const PartKey&) const = default;
};

PartKey pre_key(const Pep440Version& v) {
  if (!v.pre && !v.post && v.dev) return {-1, 0};  // 1.0.dev0 sorts before 1.0a0.
  if (!v.pre) return {3, 0};                       // A final release follows its pre-releases.
  return {static_cast<int>(v.pre->kind), v.pre->number};
}

PartKey post_key(const Pep440Version& v) { return v.post ? PartKey{1, *v.post} : PartKey{0, 0}; }

PartKey dev_key(const Pep440Version& v) { return v.dev ? PartKey{0, *v.dev} : PartKey{1, 0}; }

int compare_release(const std::vector<std::uint64_t>& a, const std::vector<std::uint64_t>& b) {
  const std::size_t n = std::max(a.size(), b.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t x = i < a.size() ? a[i] : 0;
    const std::uint64_t y = i < b.size() ? b[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

}  // namespace

std::optional<Pep440Version> parse_pep440(std::string_view text, std::string* error) {
  if (!check_version_length(text, "PEP 440 version", error)) return std::nullopt;
  std::size_t begin = 0;
  std::size_t end = text.size();
  while (std::size_t n = whitespace_length(text.substr(begin, end - begin), false)) begin += n;
  while (std::size_t n = whitespace_length(text.substr(begin, end - begin), true)) end -= n;
  if (begin == end) return fail_at(error, "expected a version number", 0);
  std::string lowered;
  for (std::size_t i = begin; i < end; ++i) {
    if (static_cast<unsigned char>(text[i]) >= 0x80) {
      return fail_at(error, "non-ASCII character in PEP 440 version", i);
    }
    lowered += ascii_lower(text[i]);
  }
  Scanner in(lowered, begin);
  Pep440Version version;
  if (in.peek() == 'v') in.advance();
  if (!is_ascii_digit(in.peek())) return fail_at(error, "expected a digit", in.position());
  auto first = read_number(in, "release", error);
  if (!first) return std::nullopt;
  if (in.peek() == '!') {
    version.epoch = *first;
    in.advance();
    if (!is_ascii_digit(in.peek())) {
      return fail_at(error, "expected a release number after the epoch", in.position());
    }
    first = read_number(in, "release", error);
    if (!first) return std::nullopt;
  }
  version.release.push_back(*first);
  while (in.peek() == '.' && is_ascii_digit(in.peek(1))) {
    in.advance();
    const auto part = read_number(in, "release", error);
    if (!part) return std::nullopt;
    version.release.push_back(*part);
  }
  if (!read_pre(in, &version, error) || !read_post(in, &version, error) ||
      !read_dev(in, &version, error)) {
    return std::nullopt;
  }
  if (in.peek() == '+') {
    in.advance();
    if (!read_local(in, &version, error)) return std::nullopt;
  }
  if (!in.done()) {
    return fail_at(error, "unexpected character '" + std::string(1, text[in.position()]) + "'",
                   in.position());
  }
  // Normalising can lengthen a version ("1r" is "1.post0"); its canonical text must still be a
  // version this parser accepts, so that stored and exported versions read back.
  if (to_string(version).size() > kMaxVersionLength) {
    if (error != nullptr) {
      *error = "PEP 440 version is longer than " + std::to_string(kMaxVersionLength) +
               " characters once normalised";
    }
    return std::nullopt;
  }
  return version;
}

int compare(const Pep440Version& a, const Pep440Version& b) {
  if (int c = three_way(a.epoch, b.epoch)) return c;
  if (int c = compare_release(a.release, b.release)) return c;
  if (int c = three_way(pre_key(a), pre_key(b))) return c;
  if (int c = three_way(post_key(a), post_key(b))) return c;
  if (int c = three_way(dev_key(a), dev_key(b))) return c;
  return compare_local(a.local, b.local);
}

std::string to_string(const Pep440Version& version) {
  std::string out;
  if (version.epoch != 0) out += std::to_string(version.epoch) + "!";
  for (std::size_t i = 0; i < version.release.size(); ++i) {
    out += (i == 0 ? "" : ".") + std::to_string(version.release[i]);
  }
  if (version.pre) {
    static constexpr std::array<const char*, 3> kLabels = {"a", "b", "rc"};
    out +=
        kLabels[static_cast<std::size_t>(version.pre->kind)] + std::to_string(version.pre->number);
  }
  if (version.post) out += ".post" + std::to_string(*version.post);
  if (version.dev) out += ".dev" + std::to_string(*version.dev);
  for (std::size_t i = 0; i < version.local.size(); ++i) {
    out += (i == 0 ? "+" : ".") + version.local[i];
  }
  return out;
}

}  // namespace embargo::scoring
