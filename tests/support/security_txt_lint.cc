#include "security_txt_lint.h"

#include <algorithm>
#include <boost/url/parse.hpp>
#include <cctype>
#include <optional>
#include <regex>

namespace embargo::testing {
namespace {

using Seconds = std::chrono::sys_seconds;

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// RFC 3629 (the UTF8-char rules of RFC 9116 section 4): the length of the character at `i`, or 0
// when the bytes there are not UTF-8 (overlong forms and surrogates included).
std::size_t utf8_length(std::string_view s, std::size_t i) {
  auto at = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  auto tail = [&](std::size_t k) { return k < s.size() && at(k) >= 0x80 && at(k) <= 0xBF; };
  const unsigned char c = at(i);
  if (c <= 0x7F) return 1;
  if (c >= 0xC2 && c <= 0xDF) return tail(i + 1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (i + 1 >= s.size()) return 0;
    const unsigned char n = at(i + 1);
    const bool second = c == 0xE0   ? (n >= 0xA0 && n <= 0xBF)
                        : c == 0xED ? (n >= 0x80 && n <= 0x9F)
                                    : (n >= 0x80 && n <= 0xBF);
    return second && tail(i + 2) ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (i + 1 >= s.size()) return 0;
    const unsigned char n = at(i + 1);
    const bool second = c == 0xF0   ? (n >= 0x90 && n <= 0xBF)
                        : c == 0xF4 ? (n >= 0x80 && n <= 0x8F)
                                    : (n >= 0x80 && n <= 0xBF);
    return second && tail(i + 2) && tail(i + 3) ? 4 : 0;
  }
  return 0;
}

bool is_utf8(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

bool is_wsp(char c) { return c == ' ' || c == '\t'; }

// VCHAR, WSP or any non-ASCII byte (the file is UTF-8, checked as a whole): what comments and
// RFC 5322 "unstructured" values (extended to UTF-8 by RFC 6532) may hold.
bool is_text_char(char c) {
  const auto u = static_cast<unsigned char>(c);
  return is_wsp(c) || (u >= 0x21 && u <= 0x7E) || u >= 0x80;
}

// RFC 5322 section 3.6.8: ftext is any printable ASCII but the colon.
bool is_field_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 33 && u <= 126 && c != ':';
  });
}

// RFC 3339 section 5.6 date-time ("T" and "Z" in either case, section 5.6's note), with every
// number in its range; nullopt when the text is not one.
std::optional<Seconds> parse_rfc3339(const std::string& text) {
  static const std::regex kDateTime(
      R"(^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$)");
  std::smatch m;
  if (!std::regex_match(text, m, kDateTime)) return std::nullopt;
  auto number = [&](int group) { return std::stoi(m[group].str()); };
  const std::chrono::year_month_day day{std::chrono::year{number(1)},
                                        std::chrono::month{static_cast<unsigned>(number(2))},
                                        std::chrono::day{static_cast<unsigned>(number(3))}};
  const int hour = number(4);
  const int minute = number(5);
  const int second = number(6);
  if (!day.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  Seconds t = std::chrono::sys_days{day} + std::chrono::hours{hour} + std::chrono::minutes{minute} +
              std::chrono::seconds{second};
  if (m[9].matched) {
    const int offset_hours = number(10);
    const int offset_minutes = number(11);
    if (offset_hours > 23 || offset_minutes > 59) return std::nullopt;
    const auto offset = std::chrono::hours{offset_hours} + std::chrono::minutes{offset_minutes};
    t = m[9].str() == "+" ? t - offset : t + offset;
  }
  return t;
}

// RFC 5646 Language-Tag, in its well-formed shape: a primary language of 2 to 8 letters and
// subtags of 1 to 8 letters or digits, or a private-use "x-..." tag.
bool is_language_tag(const std::string& tag) {
  static const std::regex kTag(R"(^([A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*|[xX](-[A-Za-z0-9]{1,8})+)$)");
  return std::regex_match(tag, kTag);
}

std::string trim(std::string_view s) {
  while (!s.empty() && is_wsp(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_wsp(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// One line of the text that carries the fields, with its number in the file.
struct Line {
  int number;
  std::string text;
};

class Checker {
 public:
  Checker(Seconds now, std::string_view fetched_from) : now_(now), fetched_from_(fetched_from) {}

  SecurityTxtLint run(std::string_view text) {
    if (!is_utf8(text)) error(0, "invalid_utf8", "the file is not UTF-8");
    if (!text.empty() && text.back() != '\n') {
      error(0, "no_final_newline", "the last line does not end with a line feed");
    }
    std::vector<Line> lines = split(text);
    if (!lines.empty() && lines.front().text == "-----BEGIN PGP SIGNED MESSAGE-----") {
      lines = signed_text(lines);
    }
    for (const auto& line : lines) check_line(line);
    check_file();
    return std::move(out_);
  }

 private:
  void error(int line, std::string code, std::string message) {
    out_.errors.push_back({line, std::move(code), std::move(message)});
  }
  void warning(int line, std::string code, std::string message) {
    out_.warnings.push_back({line, std::move(code), std::move(message)});
  }

  // Lines end in LF or CRLF (section 2.2); a final LF ends the last line.
  static std::vector<Line> split(std::string_view text) {
    std::vector<Line> lines;
    int number = 1;
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string_view::npos) end = text.size();
      std::string_view line = text.substr(start, end - start);
      if (line.ends_with('\r')) line.remove_suffix(1);
      lines.push_back({number++, std::string(line)});
      start = end + 1;
    }
    return lines;
  }

  // The cleartext of an OpenPGP signed message (RFC 4880 section 7), dash-escapes removed, after
  // checking the frame the "signed" production of section 4 describes.
  std::vector<Line> signed_text(const std::vector<Line>& lines) {
    std::size_t i = 1;
    if (i >= lines.size() || !lines[i].text.starts_with("Hash: ")) {
      error(i < lines.size() ? lines[i].number : 0, "bad_signed", "no 'Hash:' header");
    }
    while (i < lines.size() && lines[i].text.starts_with("Hash: ")) ++i;
    if (i >= lines.size() || !lines[i].text.empty()) {
      error(i < lines.size() ? lines[i].number : 0, "bad_signed",
            "no blank line after the armor headers");
    }
    ++i;
    std::vector<Line> cleartext;
    for (; i < lines.size() && lines[i].text != "-----BEGIN PGP SIGNATURE-----"; ++i) {
      Line line = lines[i];
      if (line.text.starts_with("- ")) {
        line.text.erase(0, 2);
      } else if (line.text.starts_with("-")) {
        error(line.number, "bad_dash_escape", "a line starting with '-' must be dash-escaped");
      }
      cleartext.push_back(line);
    }
    if (i >= lines.size()) {
      error(0, "bad_signed", "no '-----BEGIN PGP SIGNATURE-----' after the signed text");
      return cleartext;
    }
    static const std::regex kArmorKey(R"(^[!#$%&'*+.^_`|~0-9A-Za-z-]+: [\x20-\x7E\t]*$)");
    for (++i; i < lines.size() && std::regex_match(lines[i].text, kArmorKey); ++i) {
    }
    if (i >= lines.size() || !lines[i].text.empty()) {
      error(i < lines.size() ? lines[i].number : 0, "bad_signed",
            "no blank line after the signature's armor headers");
    }
    static const std::regex kBase64(R"(^[A-Za-z0-9=+/]+$)");
    bool data = false;
    for (++i; i < lines.size() && lines[i].text != "-----END PGP SIGNATURE-----"; ++i) {
      data = true;
      if (!std::regex_match(lines[i].text, kBase64)) {
        warning(lines[i].number, "bad_signature_data",
                "the signature is not base64, so it cannot verify");
      }
    }
    if (!data) error(0, "bad_signed", "the signature has no data");
    if (i >= lines.size()) error(0, "bad_signed", "no '-----END PGP SIGNATURE-----'");
    return cleartext;
  }

  void check_line(const Line& line) {
    std::string_view text = line.text;
    while (!text.empty() && is_wsp(text.back())) text.remove_suffix(1);  // eol = *WSP [CR] LF
    if (text.empty()) return;
    if (!std::all_of(text.begin(), text.end(), is_text_char)) {
      error(line.number, "bad_characters", "control characters in a line");
      return;
    }
    if (text.front() == '#') return;
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
      error(line.number, "bad_line", "neither a field, a comment nor blank");
      return;
    }
    const std::string_view name = text.substr(0, colon);
    if (!is_field_name(name)) {
      error(line.number, "bad_field_name", "'" + std::string(name) + "' is not a field name");
      return;
    }
    if (colon + 1 >= text.size() || text[colon + 1] != ' ') {
      error(line.number, "no_space_after_colon",
            "the field name and ':' must be followed by one space");
      return;
    }
    const std::string value(text.substr(colon + 2));
    out_.fields.emplace_back(std::string(name), value);
    check_field(line.number, lower(name), value);
  }

  // A URI field's value: RFC 3986 syntax, with a scheme from `schemes` when given, and https
  // for a web address.
  void check_uri(int line, const std::string& field, const std::string& value,
                 std::initializer_list<std::string_view> schemes = {}) {
    auto uri = boost::urls::parse_uri(value);
    if (!uri) {
      error(line, "bad_uri", field + ": '" + value + "' is not a URI (RFC 3986)");
      return;
    }
    const std::string scheme = lower(uri->scheme());
    if (scheme == "http") {
      error(line, "http_uri", field + ": web addresses must begin with https://");
    } else if (schemes.size() > 0 &&
               std::find(schemes.begin(), schemes.end(), scheme) == schemes.end()) {
      error(line, "bad_scheme", field + ": the scheme '" + scheme + "' is not one of its schemes");
    }
  }

  void check_field(int line, const std::string& name, const std::string& value) {
    if (name == "contact") {
      ++contacts_;
      check_uri(line, "Contact", value, {"mailto", "tel", "https"});
    } else if (name == "expires") {
      if (++expires_ > 1) error(line, "multi_expire", "Expires appears more than once");
      check_expires(line, value);
    } else if (name == "encryption") {
      check_uri(line, "Encryption", value);
    } else if (name == "acknowledgments" || name == "policy" || name == "hiring" ||
               name == "csaf") {
      check_uri(line, name, value);
    } else if (name == "canonical") {
      canonical_.push_back(value);
      check_uri(line, "Canonical", value);
    } else if (name == "preferred-languages") {
      if (++languages_ > 1) error(line, "multi_lang", "Preferred-Languages appears more than once");
      check_languages(line, value);
    }
  }

  void check_expires(int line, const std::string& value) {
    auto t = parse_rfc3339(value);
    if (!t) {
      error(line, "bad_expires", "'" + value + "' is not an RFC 3339 date-time");
      return;
    }
    if (*t < now_) warning(line, "expired", "the file expired at " + value);
    if (*t - now_ > std::chrono::days{365}) {
      warning(line, "long_expiry", "Expires is more than a year ahead");
    }
  }

  void check_languages(int line, const std::string& value) {
    std::size_t start = 0;
    while (true) {
      const std::size_t comma = value.find(',', start);
      const std::string tag = trim(std::string_view(value).substr(
          start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!is_language_tag(tag)) {
        error(line, "bad_lang", "'" + tag + "' is not a language tag (RFC 5646)");
      }
      if (comma == std::string::npos) return;
      start = comma + 1;
    }
  }

  void check_file() {
    if (contacts_ == 0) error(0, "no_contact", "no Contact field");
    if (expires_ == 0) error(0, "no_expire", "no Expires field");
    if (!fetched_from_.empty() && !canonical_.empty() &&
        std::find(canonical_.begin(), canonical_.end(), fetched_from_) == canonical_.end()) {
      error(0, "no_canonical_match", "no Canonical field names " + fetched_from_);
    }
  }

  Seconds now_;
  std::string fetched_from_;
  SecurityTxtLint out_;
  int contacts_ = 0;
  int expires_ = 0;
  int languages_ = 0;
  std::vector<std::string> canonical_;
};

bool has(const std::vector<SecurityTxtFinding>& findings, std::string_view code) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const SecurityTxtFinding& f) { return f.code == code; });
}

}  // namespace

bool SecurityTxtLint::has_error(std::string_view code) const { return has(errors, code); }

bool SecurityTxtLint::has_warning(std::string_view code) const { return has(warnings, code); }

std::vector<std::string> SecurityTxtLint::values(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [field, value] : fields) {
    if (lower(field) == lower(name)) out.push_back(value);
  }
  return out;
}

std::string SecurityTxtLint::describe() const {
  std::string out;
  for (const auto& f : errors) {
    out += std::to_string(f.line) + ": error " + f.code + ": " + f.message + "\n";
  }
  for (const auto& f : warnings) {
    out += std::to_string(f.line) + ": warning " + f.code + ": " + f.message + "\n";
  }
  return out;
}

SecurityTxtLint lint_security_txt(std::string_view text, std::chrono::sys_seconds now,
                                  std::string_view fetched_from) {
  return Checker(now, fetched_from).run(text);
}

}  // namespace embargo::testing
