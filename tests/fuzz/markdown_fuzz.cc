// libFuzzer target: an advisory's details, checked as the desk checks them and rendered as the
// public page renders them. The check either accepts or refuses naming its field; the renderer
// never crashes and, whatever the text, writes only the elements and attributes cmark-gfm's own
// (raw HTML comes out as a comment) and no link or image to a javascript:, vbscript:, file: or
// data: URL but data: images. For text the check accepted, the HTML holds no raw HTML at all
// and every link is http, https or mailto, every image http or https. ("javascript:" as words,
// in a code span for instance, is text an XSS advisory needs: only attributes are looked at.)
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/text.h"
#include "formats/markdown.h"

namespace {

constexpr std::string_view kOmitted = "<!-- raw HTML omitted -->";

bool one_of(std::string_view value, std::initializer_list<std::string_view> names) {
  for (std::string_view name : names) {
    if (value == name) return true;
  }
  return false;
}

bool starts_with_any(std::string_view value, std::initializer_list<std::string_view> prefixes) {
  for (std::string_view prefix : prefixes) {
    if (value.starts_with(prefix)) return true;
  }
  return false;
}

// What cmark-gfm's safe mode lets through: anything but javascript:, vbscript:, file: and
// data: other than four image types.
bool safe_url(std::string_view lower) {
  if (starts_with_any(lower, {"javascript:", "vbscript:", "file:"})) return false;
  if (!lower.starts_with("data:")) return true;
  return starts_with_any(
      lower, {"data:image/png", "data:image/gif", "data:image/jpeg", "data:image/webp"});
}

// Reads `html` as the tags cmark-gfm writes and traps on anything else. Text never holds a '<'
// (it is escaped), so each '<' opens a tag or the raw HTML comment.
void check_html(std::string_view html, bool accepted) {
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    if (html.substr(pos).starts_with(kOmitted)) {
      if (accepted) __builtin_trap();
      pos += kOmitted.size();
      continue;
    }
    ++pos;
    if (pos < html.size() && html[pos] == '/') ++pos;
    std::size_t name_end = html.find_first_not_of("abcdefghijklmnopqrstuvwxyz123456", pos);
    if (name_end == std::string_view::npos) __builtin_trap();
    std::string_view name = html.substr(pos, name_end - pos);
    if (!one_of(name,
                {"p",   "h1",  "h2",    "h3",    "h4",    "h5", "h6", "blockquote", "ul",
                 "ol",  "li",  "pre",   "code",  "hr",    "br", "em", "strong",     "a",
                 "img", "del", "table", "thead", "tbody", "tr", "th", "td",         "input"})) {
      __builtin_trap();
    }
    pos = name_end;
    while (true) {
      while (pos < html.size() && html[pos] == ' ') ++pos;
      if (html.substr(pos).starts_with(">")) break;
      if (html.substr(pos).starts_with("/>")) break;
      std::size_t attr_end = html.find_first_not_of("abcdefghijklmnopqrstuvwxyz", pos);
      if (attr_end == std::string_view::npos || attr_end == pos) __builtin_trap();
      std::string_view attr = html.substr(pos, attr_end - pos);
      if (!one_of(attr, {"href", "src", "alt", "title", "class", "start", "align", "type",
                         "checked", "disabled"})) {
        __builtin_trap();
      }
      if (!html.substr(attr_end).starts_with("=\"")) __builtin_trap();
      std::size_t value_end = html.find('"', attr_end + 2);
      if (value_end == std::string_view::npos) __builtin_trap();
      std::string_view value = html.substr(attr_end + 2, value_end - attr_end - 2);
      if (value.find('<') != std::string_view::npos) __builtin_trap();
      std::string lower = embargo::ascii_lower(value);
      if (attr == "href" || attr == "src") {
        if (!safe_url(lower)) __builtin_trap();
        if (accepted && attr == "href" && !starts_with_any(lower, {"http:", "https:", "mailto:"})) {
          __builtin_trap();
        }
        if (accepted && attr == "src" && !starts_with_any(lower, {"http:", "https:"})) {
          __builtin_trap();
        }
      }
      pos = value_end + 1;
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  bool accepted = true;
  try {
    embargo::formats::check_markdown("details", text);
  } catch (const embargo::Refusal& refusal) {
    accepted = false;
    if (refusal.field() != "details" || refusal.kind() != embargo::Refusal::Kind::invalid ||
        !std::string_view(refusal.what()).starts_with("details: ")) {
      __builtin_trap();
    }
  }
  if (size > embargo::formats::kMaxMarkdownBytes) return 0;
  std::string html = embargo::formats::markdown_to_html(text);
  if (accepted && embargo::ascii_lower(html).find("<script") != std::string::npos) __builtin_trap();
  check_html(html, accepted);
  return 0;
}
