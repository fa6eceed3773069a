#include "mail/inbound.h"

#include <gmime/gmime.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "core/text.h"
#include "core/utf8.h"
#include "mail/gmime.h"

namespace embargo::mail {
namespace {

constexpr std::string_view kPgpMessageBegin = "-----BEGIN PGP MESSAGE-----";
constexpr std::string_view kPgpMessageEnd = "-----END PGP MESSAGE-----";
constexpr std::string_view kPgpKeyBegin = "-----BEGIN PGP PUBLIC KEY BLOCK-----";
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::size_t kMostShownBytes = 60;         // of the message's own text quoted in a refusal
constexpr std::size_t kMostFailedRecipients = 100;  // read from one delivery status notification

Refusal refuse(const std::string& message) { return invalid("message", message); }

// --- text helpers ---------------------------------------------------------------------------

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return ascii_lower(x) == ascii_lower(y);
         });
}

bool istarts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && iequals(text.substr(0, prefix.size()), prefix);
}

std::size_t ifind(std::string_view text, std::string_view word, std::size_t from) {
  auto it = std::search(text.begin() + static_cast<std::ptrdiff_t>(std::min(from, text.size())),
                        text.end(), word.begin(), word.end(),
                        [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
  return it == text.end() ? std::string_view::npos : static_cast<std::size_t>(it - text.begin());
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

std::string str(const char* text) { return text != nullptr ? text : ""; }

// The message's own text as a refusal may quote it: short, printable ASCII only.
std::string shown(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, kMostShownBytes)) {
    auto byte = static_cast<unsigned char>(c);
    out += byte < 0x20 || byte >= 0x7F ? '?' : c;
  }
  return text.size() > kMostShownBytes ? out + "..." : out;
}

// Text as UTF-8 whatever GMime handed over: a byte that does not begin a valid sequence (an
// undeclared or unknown charset) becomes U+FFFD; NUL bytes are dropped.
std::string valid_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t start = pos;
    if (decode_utf8(text, pos)) {
      if (text[start] != '\0') out.append(text.substr(start, pos - start));
    } else {
      out += kReplacement;
      ++pos;
    }
  }
  return out;
}

std::string trim_end(std::string text) {
  while (!text.empty() && is_space(text.back())) text.pop_back();
  return text;
}

// A header value on one line: folding and runs of white space become one space.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : trim(text)) {
    if (!is_space(c)) {
      out += c;
    } else if (out.back() != ' ') {
      out += ' ';
    }
  }
  return valid_utf8(out);
}

void append_utf8(std::string& out, std::uint32_t code) {
  if (code == 0 || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) {
    out += kReplacement;
  } else if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xC0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else if (code < 0x10000) {
    out += static_cast<char>(0xE0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (code & 0x3F));
  }
}

// --- format=flowed (RFC 3676) ----------------------------------------------------------------

// Joins the soft line breaks of format=flowed text: a line ending in a space continues on the
// next line of the same quote depth (its space removed with DelSp=yes). Space-stuffing is undone;
// quoted lines come out as "> text".
std::string unflow(std::string_view text, bool delete_space) {
  std::string out;
  std::string paragraph;
  int paragraph_depth = -1;
  auto flush = [&] {
    out += paragraph;
    out += '\n';
    paragraph.clear();
    paragraph_depth = -1;
  };
  while (!text.empty()) {
    std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    int depth = 0;
    while (static_cast<std::size_t>(depth) < line.size() && line[depth] == '>') ++depth;
    line.remove_prefix(static_cast<std::size_t>(depth));
    if (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    bool flowed = !line.empty() && line.back() == ' ' && line != "-- ";
    if (paragraph_depth >= 0 && paragraph_depth != depth) flush();
    if (paragraph_depth < 0) {
      paragraph_depth = depth;
      if (depth > 0) paragraph = std::string(static_cast<std::size_t>(depth), '>') + ' ';
    }
    if (flowed && delete_space) line.remove_suffix(1);
    paragraph += line;
    if (!flowed) flush();
  }
  if (paragraph_depth >= 0) flush();
  return out;
}

// --- HTML to text ----------------------------------------------------------------------------

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

// The named character references mail clients actually write; others stay as written.
std::string_view named_entity(std::string_view name) {
  static const std::map<std::string_view, std::string_view> kEntities = {
      {"amp", "&"},
      {"lt", "<"},
      {"gt", ">"},
      {"quot", "\""},
      {"apos", "'"},
      {"nbsp", kNoBreakSpace},
      {"copy", "\xC2\xA9"},
      {"reg", "\xC2\xAE"},
      {"trade", "\xE2\x84\xA2"},
      {"hellip", "\xE2\x80\xA6"},
      {"mdash", "\xE2\x80\x94"},
      {"ndash", "\xE2\x80\x93"},
      {"lsquo", "\xE2\x80\x98"},
      {"rsquo", "\xE2\x80\x99"},
      {"ldquo", "\xE2\x80\x9C"},
      {"rdquo", "\xE2\x80\x9D"},
      {"laquo", "\xC2\xAB"},
      {"raquo", "\xC2\xBB"},
      {"bull", "\xE2\x80\xA2"},
      {"middot", "\xC2\xB7"},
      {"euro", "\xE2\x82\xAC"},
      {"times", "\xC3\x97"},
      {"shy", ""},
  };
  auto it = kEntities.find(name);
  return it == kEntities.end() ? std::string_view() : it->second;
}

// Decodes the character reference at html[at] ('&'), appending it to `out`; returns the
// number of bytes it took, or 0 when it is not one (the '&' is then text).
std::size_t decode_entity(std::string_view html, std::size_t at, std::string& out) {
  std::size_t semicolon = html.find(';', at);
  if (semicolon == std::string_view::npos || semicolon - at > 12) return 0;
  std::string_view body = html.substr(at + 1, semicolon - at - 1);
  if (body.size() >= 2 && body[0] == '#') {
    bool hex = body[1] == 'x' || body[1] == 'X';
    std::string_view digits = body.substr(hex ? 2 : 1);
    if (digits.empty() || digits.size() > 8) return 0;
    std::uint32_t code = 0;
    for (char c : digits) {
      int digit = c >= '0' && c <= '9' ? c - '0'
                  : hex && ascii_lower(c) >= 'a' && ascii_lower(c) <= 'f'
                      ? ascii_lower(c) - 'a' + 10
                      : -1;
      if (digit < 0) return 0;
      code = code * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
    }
    if (code == 0xA0) {
      out += kNoBreakSpace;
    } else {
      append_utf8(out, code);
    }
    return semicolon - at + 1;
  }
  std::string_view text = named_entity(body);
  if (text.empty() && body != "shy") return 0;
  out += text;
  return semicolon - at + 1;
}

// Plain text from an HTML body as a reader sees it: tags dropped, script, style and title
// contents skipped, character references decoded, white space collapsed outside <pre>, and a
// line break for <br> and at every block (<p>, <div>, <li> as "- ", table rows, headings).
std::string html_to_text(std::string_view html) {
  static const std::vector<std::string_view> kBlocks = {
      "p",  "div",     "tr",      "table",  "ul",     "ol",     "blockquote", "h1",
      "h2", "h3",      "h4",      "h5",     "h6",     "pre",    "hr",         "dt",
      "dd", "section", "article", "header", "footer", "center", "address",    "li"};
  std::string out;
  int pre = 0;
  auto at_line_start = [&] { return out.empty() || out.back() == '\n'; };
  auto line_break = [&] {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  };
  std::size_t i = 0;
  while (i < html.size()) {
    char c = html[i];
    if (c == '<' && html.substr(i, 4) == "<!--") {
      std::size_t end = html.find("-->", i + 4);
      i = end == std::string_view::npos ? html.size() : end + 3;
      continue;
    }
    bool closing = i + 1 < html.size() && html[i + 1] == '/';
    std::size_t name_at = i + (closing ? 2 : 1);
    bool tag = c == '<' && name_at < html.size() &&
               (std::isalpha(static_cast<unsigned char>(html[name_at])) || html[name_at] == '!' ||
                html[name_at] == '?');
    if (!tag) {
      if (c == '&') {
        if (std::size_t taken = decode_entity(html, i, out); taken > 0) {
          i += taken;
          continue;
        }
      }
      if (pre == 0 && is_space(c)) {
        if (!at_line_start() && out.back() != ' ') out += ' ';
      } else if (pre > 0 && c == '\r') {
        // a CRLF inside <pre> is one line break, kept by its LF
      } else {
        out += c;
      }
      ++i;
      continue;
    }
    std::size_t name_end = name_at;
    while (name_end < html.size() && std::isalnum(static_cast<unsigned char>(html[name_end]))) {
      ++name_end;
    }
    std::string name;
    for (char n : html.substr(name_at, name_end - name_at)) name += ascii_lower(n);
    // The tag ends at the first '>' outside a quoted attribute value.
    std::size_t end = name_end;
    char quote = 0;
    for (; end < html.size(); ++end) {
      if (quote != 0) {
        if (html[end] == quote) quote = 0;
      } else if (html[end] == '"' || html[end] == '\'') {
        quote = html[end];
      } else if (html[end] == '>') {
        break;
      }
    }
    i = end == html.size() ? end : end + 1;
    if (!closing && (name == "script" || name == "style" || name == "title")) {
      std::size_t close = ifind(html, "</" + name, i);
      std::size_t close_end = close == std::string_view::npos ? close : html.find('>', close);
      i = close_end == std::string_view::npos ? html.size() : close_end + 1;
      continue;
    }
    if (name == "br") {
      line_break();
    } else if (name == "td" || name == "th") {
      if (!at_line_start() && out.back() != ' ') out += ' ';
    } else if (std::find(kBlocks.begin(), kBlocks.end(), name) != kBlocks.end()) {
      if (!at_line_start()) line_break();
      if (name == "pre") pre = std::max(0, pre + (closing ? -1 : 1));
      if (name == "li" && !closing) out += "- ";
    }
  }
  // No-break spaces kept empty paragraphs as lines; now they are spaces, trimmed at line ends,
  // and at most one empty line is left between paragraphs.
  std::string text;
  std::size_t newlines = 0;
  for (std::size_t at = 0; at < out.size();) {
    if (out.compare(at, kNoBreakSpace.size(), kNoBreakSpace) == 0) {
      text += ' ';
      at += kNoBreakSpace.size();
      continue;
    }
    char ch = out[at++];
    if (ch == '\n') {
      while (!text.empty() && text.back() == ' ') text.pop_back();
      if (++newlines > 2 || text.empty()) continue;
    } else {
      newlines = 0;
    }
    text += ch;
  }
  return trim_end(std::move(text));
}

// --- before GMime: is it a message, and what may it cost ----------------------------------

// Declared multipart boundaries as a trie of prefixes, to count the lines GMime may take for a
// boundary (it matches "--" + boundary as a prefix of the line) without knowing which
// multipart is open: a count that is never below GMime's.
class BoundaryPrefixes {
 public:
  // `prefix` is the part of a boundary certainly read the same by GMime: cutting it short only
  // counts more lines.
  void add(std::string_view prefix) {
    std::size_t node = 0;
    for (char c : prefix) {
      auto [it, added] = next_.try_emplace({node, static_cast<unsigned char>(c)}, ends_.size());
      if (added) ends_.push_back(false);
      node = it->second;
    }
    ends_[node] = true;
  }

  // Whether `line` (what follows "--") begins with a declared boundary.
  bool starts(std::string_view line) const {
    std::size_t node = 0;
    for (std::size_t i = 0;; ++i) {
      if (ends_[node]) return true;
      if (i == line.size() || line[i] == '\n') return false;
      auto it = next_.find({node, static_cast<unsigned char>(line[i])});
      if (it == next_.end()) return false;
      node = it->second;
    }
  }

 private:
  std::vector<bool> ends_{false};  // ends_[node]: a boundary ends at this node (0: the root)
  std::map<std::pair<std::size_t, unsigned char>, std::size_t> next_;
};

// Every `boundary=` parameter written anywhere in the raw message, cut to what GMime surely
// reads alike: up to white space, a quote or escape, an encoded word; RFC 2231 forms
// (boundary*=) count as the empty prefix, so that every "--" line counts.
BoundaryPrefixes declared_boundaries(std::string_view raw) {
  static constexpr std::string_view kWord = "boundary";
  BoundaryPrefixes prefixes;
  for (std::size_t at = ifind(raw, kWord, 0); at != std::string_view::npos;
       at = ifind(raw, kWord, at + kWord.size())) {
    std::size_t i = at + kWord.size();
    while (i < raw.size() && is_space(raw[i])) ++i;
    if (i < raw.size() && raw[i] == '*') {
      prefixes.add("");
      continue;
    }
    if (i >= raw.size() || raw[i] != '=') continue;
    ++i;
    while (i < raw.size() && is_space(raw[i])) ++i;
    bool quoted = i < raw.size() && raw[i] == '"';
    if (quoted) ++i;
    std::string_view stops = quoted ? "\"\\\r\n \t" : "\"\\\r\n \t;()";
    std::size_t end = i;
    while (end < raw.size() && stops.find(raw[end]) == std::string_view::npos) ++end;
    std::string_view value = raw.substr(i, end - i);
    prefixes.add(value.substr(0, value.find("=?")));
  }
  return prefixes;
}

// An upper bound, before GMime builds anything, of the parts a message can hold: every part
// but the first follows a boundary line or (an embedded message's body) a Content-Type header,
// and GMime makes at most two objects of each.
std::size_t possible_parts(std::string_view raw) {
  BoundaryPrefixes boundaries = declared_boundaries(raw);
  std::size_t lines = 0;
  for (std::size_t at = 0; at < raw.size();) {
    std::string_view rest = raw.substr(at);
    if (rest.starts_with("--") && boundaries.starts(rest.substr(2))) ++lines;
    if (istarts_with(rest, "content-type")) {
      std::size_t colon = 12;
      while (colon < rest.size() && (rest[colon] == ' ' || rest[colon] == '\t')) ++colon;
      if (colon < rest.size() && rest[colon] == ':') ++lines;
    }
    std::size_t next = raw.find('\n', at);
    at = next == std::string_view::npos ? raw.size() : next + 1;
  }
  return lines;
}

// Checks the header section of the top-level message (up to its first empty line) before GMime
// reads it: present, within its limit, and made of header fields, one of them From when
// `require_from`. Returns its size in bytes.
std::size_t check_header_section(std::string_view raw, const InboundLimits& limits,
                                 bool require_from) {
  if (trim(raw).empty()) throw refuse("the message is empty");
  std::size_t size = 0;
  bool from = false;
  int number = 0;
  for (std::size_t at = 0; at < raw.size();) {
    std::size_t end = raw.find('\n', at);
    std::size_t next = end == std::string_view::npos ? raw.size() : end + 1;
    std::string_view line = raw.substr(at, next - at);
    ++number;
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
    if (line.empty()) {
      if (number == 1)
        throw refuse("the message has no header section (it starts with an empty line)");
      break;
    }
    size = next;
    if (size > limits.max_header_bytes) {
      throw refuse("the header section is larger than " + std::to_string(limits.max_header_bytes) +
                   " bytes");
    }
    if (line.find('\0') != std::string_view::npos) {
      throw refuse("line " + std::to_string(number) + " of the header section holds a NUL byte");
    }
    if (line.front() == ' ' || line.front() == '\t') {
      if (number == 1) throw refuse("the message starts with a folded line, not a header field");
    } else {
      std::size_t colon = line.find(':');
      std::string_view name = colon == std::string_view::npos ? line : line.substr(0, colon);
      while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
      bool valid =
          colon != std::string_view::npos && !name.empty() &&
          std::all_of(name.begin(), name.end(), [](char c) {
            return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7F;
          });
      if (!valid) {
        throw refuse("line " + std::to_string(number) +
                     " of the header section is not a header field ('Name: value'): '" +
                     shown(line) + "'");
      }
      from = from || iequals(name, "from");
    }
    at = next;
  }
  if (!from && require_from) throw refuse("the message has no From header field");
  return size;
}

// --- after GMime: structure ------------------------------------------------------------------

std::string media_type(GMimeObject* object) {
  GCharPtr type(g_mime_content_type_get_mime_type(g_mime_object_get_content_type(object)));
  return str(type.get());
}

bool is_type(GMimeObject* object, const char* type, const char* subtype) {
  return g_mime_content_type_is_type(g_mime_object_get_content_type(object), type, subtype) !=
         FALSE;
}

std::string type_parameter(GMimeObject* object, const char* name) {
  return str(g_mime_object_get_content_type_parameter(object, name));
}

GMimeObject* message_body(GMimeMessagePart* part) {
  GMimeMessage* message = g_mime_message_part_get_message(part);
  return message != nullptr ? g_mime_message_get_mime_part(message) : nullptr;
}

// The bytes of one object's header lines as written.
std::size_t header_bytes(GMimeObject* object) {
  GMimeHeaderList* headers = g_mime_object_get_header_list(object);
  std::size_t bytes = 0;
  for (int i = 0, n = g_mime_header_list_get_count(headers); i < n; ++i) {
    GMimeHeader* header = g_mime_header_list_get_header_at(headers, i);
    bytes += str(g_mime_header_get_raw_name(header)).size() +
             str(g_mime_header_get_raw_value(header)).size() + 1;
  }
  return bytes;
}

// What the tree GMime built costs, measured before any content is decoded.
struct Shape {
  int parts = 0;
  int depth = 0;
  std::size_t header_bytes = 0;
};

// `root` is the body of a message, whose headers are the message's own (counted by the caller).
void measure(GMimeObject* object, int depth, bool root, Shape& shape) {
  if (object == nullptr) return;
  ++shape.parts;
  shape.depth = std::max(shape.depth, depth);
  if (!root) shape.header_bytes += header_bytes(object);
  if (GMIME_IS_MULTIPART(object)) {
    auto* multipart = GMIME_MULTIPART(object);
    for (int i = 0, n = g_mime_multipart_get_count(multipart); i < n; ++i) {
      measure(g_mime_multipart_get_part(multipart, i), depth + 1, false, shape);
    }
  } else if (GMIME_IS_MESSAGE_PART(object)) {
    GMimeMessage* message = g_mime_message_part_get_message(GMIME_MESSAGE_PART(object));
    if (message != nullptr) {
      shape.header_bytes += header_bytes(GMIME_OBJECT(message));
      measure(g_mime_message_get_mime_part(message), depth + 1, true, shape);
    }
  }
}

void check_shape(GMimeMessage* message, std::size_t top_header_bytes, const InboundLimits& limits) {
  Shape shape;
  shape.header_bytes = top_header_bytes;
  measure(g_mime_message_get_mime_part(message), 0, true, shape);
  if (shape.parts > limits.max_parts) {
    throw refuse("the message has " + std::to_string(shape.parts) + " MIME parts, more than " +
                 std::to_string(limits.max_parts));
  }
  if (shape.depth > limits.max_depth) {
    throw refuse("the message's MIME parts are nested " + std::to_string(shape.depth) +
                 " levels deep, more than " + std::to_string(limits.max_depth));
  }
  if (shape.header_bytes > limits.max_header_bytes) {
    throw refuse("the header lines of the message and its parts are " +
                 std::to_string(shape.header_bytes) + " bytes, more than " +
                 std::to_string(limits.max_header_bytes));
  }
}

// --- addresses and headers -------------------------------------------------------------------

// Every mailbox of a list, the members of groups included.
void mailboxes(InternetAddressList* list, std::vector<Mailbox>& out) {
  if (list == nullptr) return;
  for (int i = 0, n = internet_address_list_length(list); i < n; ++i) {
    InternetAddress* address = internet_address_list_get_address(list, i);
    if (INTERNET_ADDRESS_IS_GROUP(address)) {
      mailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(address)), out);
    } else if (INTERNET_ADDRESS_IS_MAILBOX(address)) {
      std::string addr = str(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(address)));
      if (!addr.empty()) {
        out.push_back({one_line(str(internet_address_get_name(address))), valid_utf8(addr)});
      }
    }
  }
}

std::vector<Mailbox> parse_mailboxes(const char* value) {
  std::vector<Mailbox> out;
  if (value == nullptr) return out;
  GObjectPtr<InternetAddressList> list(internet_address_list_parse(nullptr, value));
  mailboxes(list.get(), out);
  return out;
}

void add_recipient(std::vector<std::string>& recipients, const std::string& address) {
  bool seen = std::any_of(recipients.begin(), recipients.end(),
                          [&](const std::string& known) { return iequals(known, address); });
  if (!seen) recipients.push_back(address);
}

// Message ids of a References or In-Reply-To value, without angle brackets.
std::vector<std::string> message_ids(const char* value) {
  std::vector<std::string> ids;
  if (value == nullptr) return ids;
  GMimeReferences* references = g_mime_references_parse(nullptr, value);
  if (references == nullptr) return ids;
  for (int i = 0, n = g_mime_references_length(references); i < n; ++i) {
    ids.push_back(valid_utf8(str(g_mime_references_get_message_id(references, i))));
  }
  g_mime_references_free(references);
  return ids;
}

const char* header(GMimeObject* object, const char* name) {
  return g_mime_object_get_header(object, name);
}

// The first word of a header value, lower case: "auto-replied" of "Auto-Replied (vacation)".
std::string first_word(const char* value) {
  std::string text = str(value);
  std::string word;
  for (char c : trim(text)) {
    if (is_space(c) || c == ';' || c == '(') break;
    word += ascii_lower(c);
  }
  return word;
}

// RFC 4880's CRC-24 of the key, for the armor's checksum line.
std::uint32_t crc24(std::string_view data) {
  std::uint32_t crc = 0xB704CE;
  for (char c : data) {
    crc ^= static_cast<std::uint32_t>(static_cast<unsigned char>(c)) << 16;
    for (int bit = 0; bit < 8; ++bit) {
      crc <<= 1;
      if ((crc & 0x1000000) != 0) crc ^= 0x1864CFB;
    }
  }
  return crc & 0xFFFFFF;
}

std::string base64(std::string_view data) {
  GCharPtr encoded(g_base64_encode(reinterpret_cast<const guchar*>(data.data()), data.size()));
  return str(encoded.get());
}

// A binary OpenPGP key as the ASCII armor of RFC 4880 (section 6.2), as an attached key is.
std::string armor_public_key(std::string_view key) {
  std::string encoded = base64(key);
  std::string out = std::string(kPgpKeyBegin) + "\n\n";
  for (std::size_t at = 0; at < encoded.size(); at += 64) out += encoded.substr(at, 64) + "\n";
  std::uint32_t crc = crc24(key);
  std::string crc_bytes = {static_cast<char>(crc >> 16), static_cast<char>((crc >> 8) & 0xFF),
                           static_cast<char>(crc & 0xFF)};
  return out + "=" + base64(crc_bytes) + "\n-----END PGP PUBLIC KEY BLOCK-----\n";
}

// The sender's key of an Autocrypt header (Autocrypt Level 1): only the header whose addr= is
// the From address counts, as the specification says.
std::optional<std::string> autocrypt_key(GMimeMessage* message) {
  if (header(GMIME_OBJECT(message), "Autocrypt") == nullptr) return std::nullopt;
  GObjectPtr<GMimeAutocryptHeader> autocrypt(g_mime_message_get_autocrypt_header(message, nullptr));
  if (autocrypt == nullptr || !g_mime_autocrypt_header_is_complete(autocrypt.get())) {
    return std::nullopt;
  }
  GBytes* keydata = g_mime_autocrypt_header_get_keydata(autocrypt.get());
  if (keydata == nullptr) return std::nullopt;
  gsize size = 0;
  const auto* bytes = static_cast<const char*>(g_bytes_get_data(keydata, &size));
  if (size == 0) return std::nullopt;
  return armor_public_key(std::string_view(bytes, size));
}

// The "-----BEGIN PGP MESSAGE-----" blocks of a text (inline PGP), each to its END line.
std::vector<std::string> pgp_blocks(std::string_view text) {
  std::vector<std::string> blocks;
  for (std::size_t at = text.find(kPgpMessageBegin); at != std::string_view::npos;
       at = text.find(kPgpMessageBegin, at + 1)) {
    std::size_t end = text.find(kPgpMessageEnd, at);
    end = end == std::string_view::npos ? text.size() : end + kPgpMessageEnd.size();
    blocks.emplace_back(text.substr(at, end - at));
    blocks.back() += '\n';
    at = end - 1;
  }
  return blocks;
}

// A file name as the reporter's desk may show and store it: UTF-8 on one line, without the
// directories some clients put in front.
std::string safe_file_name(const char* name) {
  std::string text = one_line(str(name));
  std::size_t slash = text.find_last_of("/\\");
  if (slash != std::string::npos) text.erase(0, slash + 1);
  std::erase_if(text, [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; });
  return text == "." || text == ".." ? std::string() : text;
}

// --- reading the parts -------------------------------------------------------------------------

// Reads a message's parts into an InboundMail: picks its text, collects its files and keys,
// charging every decoded byte to one budget (shared with the messages forwarded inside it).
class PartReader {
 public:
  PartReader(InboundMail& mail, const InboundLimits& limits, std::size_t& decoded, bool text_only)
      : mail_(mail), limits_(limits), decoded_(decoded), text_only_(text_only) {}

  // `body`: whether this part may give the message's text; `continues`: whether a later inline
  // text part is more of it (multipart/mixed: Apple Mail splits the text around attachments).
  void read(GMimeObject* object, bool body, bool continues) {
    if (object == nullptr) return;
    if (GMIME_IS_MULTIPART(object)) {
      read_multipart(GMIME_MULTIPART(object), body);
    } else if (GMIME_IS_MESSAGE_PART(object)) {
      read_forwarded(GMIME_MESSAGE_PART(object), body);
    } else if (GMIME_IS_PART(object)) {
      read_leaf(GMIME_PART(object), body, continues);
    }
  }

  // A message forwarded as an attachment, when the message itself has no text.
  GMimeObject* forwarded_body() const { return forwarded_body_; }

 private:
  void read_multipart(GMimeMultipart* multipart, bool body) {
    auto* object = GMIME_OBJECT(multipart);
    int count = g_mime_multipart_get_count(multipart);
    auto child = [&](int i) { return g_mime_multipart_get_part(multipart, i); };
    if (is_type(object, "multipart", "encrypted") &&
        iequals(type_parameter(object, "protocol"), "application/pgp-encrypted")) {
      // RFC 3156: the version part, then the encrypted data as application/octet-stream.
      if (count >= 2 && GMIME_IS_PART(child(1)) && !text_only_) {
        std::string armored = decode(GMIME_PART(child(1)));
        mail_.encrypted.push_back({EncryptedPayload::Kind::pgp_mime, std::move(armored)});
      }
      return;
    }
    if (is_type(object, "multipart", "alternative")) {
      int preferred = preferred_alternative(multipart);
      for (int i = 0; i < count; ++i) read(child(i), body && i == preferred, false);
      return;
    }
    if (is_type(object, "multipart", "report") &&
        iequals(type_parameter(object, "report-type"), "delivery-status")) {
      mail_.automatic.bounce = true;
    }
    bool first_only = is_type(object, "multipart", "signed") ||
                      is_type(object, "multipart", "related") ||
                      is_type(object, "multipart", "report");
    for (int i = 0; i < count; ++i) {
      // multipart/signed: the signature part is not one of the reporter's files.
      if (is_type(object, "multipart", "signed") && i > 0) break;
      read(child(i), body && (!first_only || i == 0), !first_only);
    }
  }

  // RFC 2046 puts the richest alternative last; a desk reads plain text, so the first text/plain
  // (or the branch that holds one) wins, then HTML.
  static int preferred_alternative(GMimeMultipart* multipart) {
    int count = g_mime_multipart_get_count(multipart);
    for (const char* subtype : {"plain", "html"}) {
      for (int i = 0; i < count; ++i) {
        if (holds_text(g_mime_multipart_get_part(multipart, i), subtype)) return i;
      }
    }
    return count - 1;
  }

  static bool holds_text(GMimeObject* object, const char* subtype) {
    if (GMIME_IS_MULTIPART(object)) {
      auto* multipart = GMIME_MULTIPART(object);
      for (int i = 0, n = g_mime_multipart_get_count(multipart); i < n; ++i) {
        if (holds_text(g_mime_multipart_get_part(multipart, i), subtype)) return true;
      }
      return false;
    }
    return GMIME_IS_PART(object) && is_type(object, "text", subtype) &&
           is_inline_text(GMIME_PART(object));
  }

  // A text part that is part of the message rather than a file: no file name, not marked as an
  // attachment. Only text/plain and text/html ones can be the message's text.
  static bool is_inline_text(GMimePart* part) {
    auto* object = GMIME_OBJECT(part);
    if (!is_type(object, "text", "*")) return false;
    GMimeContentDisposition* disposition = g_mime_object_get_content_disposition(object);
    bool attachment =
        disposition != nullptr && g_mime_content_disposition_is_attachment(disposition);
    return !attachment && safe_file_name(g_mime_part_get_filename(part)).empty();
  }

  static bool is_readable_text(GMimeObject* object) {
    return is_type(object, "text", "plain") || is_type(object, "text", "html");
  }

  void read_forwarded(GMimeMessagePart* part, bool body) {
    if (mail_.automatic.bounce && mail_.automatic.returned_message_id.empty()) {
      if (GMimeMessage* returned = g_mime_message_part_get_message(part)) {
        mail_.automatic.returned_message_id =
            valid_utf8(trim(str(g_mime_message_get_message_id(returned))));
      }
    }
    if (body && forwarded_body_ == nullptr) forwarded_body_ = message_body(part);
    if (text_only_) return;
    GMimeMessage* message = g_mime_message_part_get_message(part);
    if (message == nullptr) return;
    GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
    if (g_mime_object_write_to_stream(GMIME_OBJECT(message), nullptr, stream.get()) < 0) {
      throw refuse("a forwarded message could not be read");
    }
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
    spend(bytes->len);
    ++forwarded_count_;
    std::string name = forwarded_count_ == 1
                           ? "forwarded.eml"
                           : "forwarded-" + std::to_string(forwarded_count_) + ".eml";
    mail_.attachments.push_back(
        describe_upload(std::move(name), "message/rfc822",
                        std::string(reinterpret_cast<const char*>(bytes->data), bytes->len)));
  }

  void read_leaf(GMimePart* part, bool body, bool continues) {
    auto* object = GMIME_OBJECT(part);
    if (is_type(object, "message", "delivery-status")) {
      if (!text_only_) {
        auto& failed = mail_.automatic.failed_recipients;
        for (auto& failure : delivery_failures(decode(part), kMostFailedRecipients)) {
          bool known = std::any_of(failed.begin(), failed.end(), [&](const DeliveryFailure& f) {
            return iequals(f.address, failure.address);
          });
          if (!known && failed.size() < kMostFailedRecipients) failed.push_back(std::move(failure));
        }
      }
      return;
    }
    if (is_type(object, "text", "rfc822-headers") && mail_.automatic.bounce) {
      if (!text_only_ && mail_.automatic.returned_message_id.empty()) {
        mail_.automatic.returned_message_id = message_id_of_headers(decode(part));
      }
      return;
    }
    if (is_inline_text(part)) {
      if (!body || !is_readable_text(object)) return;
      if (!have_text_) {
        mail_.text = text_of(part);
        have_text_ = true;
      } else if (continues) {
        std::string more = text_of(part);
        if (!more.empty()) mail_.text += (mail_.text.empty() ? "" : "\n") + more;
      }
      return;
    }
    if (text_only_) return;
    std::string content = decode(part);
    std::string type = media_type(object);
    std::string_view start = trim(content);
    if (iequals(type, "application/pgp-keys") || start.starts_with(kPgpKeyBegin)) {
      mail_.public_keys.push_back(std::move(content));
      return;
    }
    std::string name = safe_file_name(g_mime_part_get_filename(part));
    if (name.empty()) name = "attachment-" + std::to_string(mail_.attachments.size() + 1);
    mail_.attachments.push_back(
        describe_upload(std::move(name), std::move(type), std::move(content)));
  }

  // The text of a text/plain or text/html part as UTF-8, format=flowed joined, HTML as text.
  std::string text_of(GMimePart* part) {
    auto* object = GMIME_OBJECT(part);
    expect(encoded_size(part));
    GCharPtr raw(g_mime_text_part_get_text(GMIME_TEXT_PART(part)));
    std::string text = unix_lines(str(raw.get()));
    spend(text.size());
    text = valid_utf8(text);
    if (is_type(object, "text", "html")) return html_to_text(text);
    if (iequals(type_parameter(object, "format"), "flowed")) {
      text = unflow(text, iequals(type_parameter(object, "delsp"), "yes"));
    }
    return trim_end(std::move(text));
  }

  // The part's content with its transfer encoding (base64, quoted-printable, ...) undone.
  std::string decode(GMimePart* part) {
    GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
    if (wrapper == nullptr) return {};
    expect(encoded_size(part));
    GObjectPtr<GMimeStream> out(g_mime_stream_mem_new());
    if (g_mime_data_wrapper_write_to_stream(wrapper, out.get()) < 0) {
      throw refuse("the content of a " + media_type(GMIME_OBJECT(part)) +
                   " part could not be decoded");
    }
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(out.get()));
    spend(bytes->len);
    return {reinterpret_cast<const char*>(bytes->data), bytes->len};
  }

  // Decoding a transfer encoding never makes content larger than it is written.
  static std::size_t encoded_size(GMimePart* part) {
    GMimeDataWrapper* wrapper = g_mime_part_get_content(part);
    GMimeStream* stream = wrapper != nullptr ? g_mime_data_wrapper_get_stream(wrapper) : nullptr;
    gint64 length = stream != nullptr ? g_mime_stream_length(stream) : 0;
    return length > 0 ? static_cast<std::size_t>(length) : 0;
  }

  // Refuses a part before decoding it when it would take the message over its decoded budget.
  void expect(std::size_t bytes) const {
    if (bytes > limits_.max_decoded_bytes - std::min(decoded_, limits_.max_decoded_bytes)) {
      throw over_budget(decoded_ + bytes);
    }
  }

  void spend(std::size_t bytes) {
    decoded_ += bytes;
    if (decoded_ > limits_.max_decoded_bytes) throw over_budget(decoded_);
  }

  Refusal over_budget(std::size_t bytes) const {
    return refuse("the message's parts decode to more than " +
                  std::to_string(limits_.max_decoded_bytes) + " bytes (at least " +
                  std::to_string(bytes) + ")");
  }

  InboundMail& mail_;
  const InboundLimits& limits_;
  std::size_t& decoded_;
  bool text_only_;
  bool have_text_ = false;
  int forwarded_count_ = 0;
  GMimeObject* forwarded_body_ = nullptr;
};

void read_headers(GMimeMessage* message, InboundMail& mail) {
  auto* object = GMIME_OBJECT(message);
  mail.message_id = valid_utf8(trim(str(g_mime_message_get_message_id(message))));
  std::vector<std::string> in_reply_to = message_ids(header(object, "In-Reply-To"));
  if (!in_reply_to.empty()) mail.in_reply_to = in_reply_to.front();
  mail.references = message_ids(header(object, "References"));

  std::vector<Mailbox> from;
  mailboxes(g_mime_message_get_from(message), from);
  if (!from.empty()) mail.from = from.front();
  mailboxes(g_mime_message_get_reply_to(message), mail.reply_to);
  mail.subject = one_line(str(g_mime_message_get_subject(message)));

  // Delivered-To and X-Original-To may each be given once per hop: every one counts, in order.
  GMimeHeaderList* headers = g_mime_object_get_header_list(object);
  for (const char* name : {"Delivered-To", "X-Original-To", "To", "Cc"}) {
    for (int i = 0, n = g_mime_header_list_get_count(headers); i < n; ++i) {
      GMimeHeader* field = g_mime_header_list_get_header_at(headers, i);
      if (!iequals(str(g_mime_header_get_name(field)), name)) continue;
      for (const auto& mailbox : parse_mailboxes(g_mime_header_get_value(field))) {
        add_recipient(mail.recipients, mailbox.address);
      }
    }
  }

  AutomaticMarks& marks = mail.automatic;
  const char* auto_submitted = header(object, "Auto-Submitted");
  marks.auto_submitted = auto_submitted != nullptr && first_word(auto_submitted) != "no";
  std::string precedence = first_word(header(object, "Precedence"));
  marks.bulk = precedence == "bulk" || precedence == "junk" || precedence == "list";
  marks.list =
      header(object, "List-Id") != nullptr || header(object, "List-Unsubscribe") != nullptr;
  std::string_view local = mail.from.address;
  local = local.substr(0, local.rfind('@'));
  const char* return_path = header(object, "Return-Path");
  std::string path;
  for (char c : str(return_path)) {
    if (!is_space(c)) path += c;
  }
  marks.daemon = iequals(local, "mailer-daemon") || iequals(local, "postmaster") ||
                 (return_path != nullptr && path == "<>");

  if (auto key = autocrypt_key(message)) mail.public_keys.push_back(std::move(*key));
}

// parse_inbound and parse_decrypted: the same reading, with or without a From field required.
InboundMail parse(std::string_view raw, const InboundLimits& limits, bool require_from) {
  if (raw.size() > limits.max_bytes) {
    throw refuse("the message is " + std::to_string(raw.size()) + " bytes, more than " +
                 std::to_string(limits.max_bytes));
  }
  // An MTA's pipe may put an mbox "From sender date" line first: it is not part of the message.
  if (raw.starts_with("From ")) {
    std::size_t end = raw.find('\n');
    raw.remove_prefix(end == std::string_view::npos ? raw.size() : end + 1);
  }
  std::size_t top_header_bytes = check_header_section(raw, limits, require_from);
  std::size_t parts = possible_parts(raw);
  if (parts > 4 * static_cast<std::size_t>(std::max(limits.max_parts, 0)) + 16) {
    throw refuse("the message has about " + std::to_string(parts) +
                 " MIME part boundaries and Content-Type headers, far more than " +
                 std::to_string(limits.max_parts) + " MIME parts");
  }

  init_gmime();
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (message == nullptr) throw refuse("GMime could not read the text as an RFC 5322 message");
  check_shape(message.get(), top_header_bytes, limits);

  InboundMail mail;
  read_headers(message.get(), mail);
  std::size_t decoded = 0;
  PartReader reader(mail, limits, decoded, false);
  reader.read(g_mime_message_get_mime_part(message.get()), true, true);
  if (trim(mail.text).empty() && reader.forwarded_body() != nullptr) {
    InboundMail forwarded;
    PartReader(forwarded, limits, decoded, true).read(reader.forwarded_body(), true, true);
    mail.text = std::move(forwarded.text);
  }
  for (auto& block : pgp_blocks(mail.text)) {
    mail.encrypted.push_back({EncryptedPayload::Kind::inline_pgp, std::move(block)});
  }
  return mail;
}

}  // namespace

InboundMail parse_inbound(std::string_view raw, const InboundLimits& limits) {
  return parse(raw, limits, true);
}

InboundMail parse_decrypted(std::string_view plaintext, const InboundLimits& limits) {
  return parse(plaintext, limits, false);
}

}  // namespace embargo::mail
